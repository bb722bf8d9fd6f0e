"""News of the programme: launches, hand-overs, reviews. No campaign totals here: those come
from the ledger's reconciled figures, never from a text."""

from stories.models import StoryType

T = StoryType.NEWS
PROVINCE = "Tỉnh Quảng Trị"
FIGURES = "Các con số"

NEWS = [
    {
        "title": "Phát động Tháng cao điểm “Vì người nghèo” năm 2023",
        "type": T,
        "day": "2023-10-17",
        "place": PROVINCE,
        "tags": ["Ngày vì người nghèo", "lễ phát động"],
        "scene": "ceremony",
        "intro": (
            "Ủy ban MTTQ Việt Nam tỉnh phát động Tháng cao điểm từ 17/10 đến 18/11/2023, ưu tiên "
            "xóa nhà tạm cho hộ nghèo vùng đồng bào dân tộc thiểu số."
        ),
        "text": [
            "Sáng 17/10/2023, tại Đông Hà, Ủy ban MTTQ Việt Nam tỉnh tổ chức lễ phát động Tháng "
            "cao điểm “Vì người nghèo”, hưởng ứng Ngày vì người nghèo.",
            "Tại buổi lễ, nhiều doanh nghiệp, cơ quan, đơn vị đã đăng ký ủng hộ. Ban Vận động Quỹ "
            "đề nghị các đơn vị chuyển tiền qua tài khoản của Quỹ để được ghi nhận và công khai.",
            "Ủy ban MTTQ các cấp sẽ rà soát danh sách hộ nghèo có nhu cầu về nhà ở, bảo đảm hỗ "
            "trợ đúng đối tượng, công khai, minh bạch.",
        ],
    },
    {
        "title": "Trao 500 suất quà Tết cho hộ nghèo huyện Đakrông",
        "type": T,
        "day": "2024-01-30",
        "place": "Thị trấn Krông Klang",
        "tags": ["Tết vì người nghèo", "quà Tết"],
        "scene": "ceremony",
        "intro": (
            "Mỗi suất quà gồm 10 kg gạo, dầu ăn, bánh kẹo và 500.000 đồng tiền mặt, trao tận tay "
            "hộ nghèo trước Tết Giáp Thìn."
        ),
        "figures_title": FIGURES,
        "text": [
            "Ngày 30/1/2024, Ủy ban MTTQ huyện Đakrông phối hợp với các nhà tài trợ trao 500 suất "
            "quà Tết cho hộ nghèo, người cao tuổi neo đơn ở 13 xã, thị trấn.",
            "Danh sách nhận quà do Ban Công tác Mặt trận các thôn bình xét và niêm yết công khai "
            "tại nhà văn hóa thôn trước khi trao.",
        ],
        "figures": [("Suất quà Tết", "", "500", "suất"), ("Xã, thị trấn", "", "13", "")],
    },
    {
        "title": "Bàn giao 40 nhà Đại đoàn kết cho hộ nghèo sau mùa mưa lũ",
        "type": T,
        "day": "2024-11-20",
        "place": PROVINCE,
        "tags": ["nhà Đại đoàn kết", "mưa lũ"],
        "scene": "house",
        "intro": (
            "Những căn nhà đầu tiên từ đợt vận động năm 2024 đã được bàn giao cho các hộ nghèo "
            "mất nhà trong đợt mưa lũ tháng 9."
        ),
        "figures_title": FIGURES,
        "text": [
            "Trong tháng 11/2024, Ủy ban MTTQ các cấp bàn giao 40 căn nhà Đại đoàn kết cho hộ "
            "nghèo ở Hướng Hóa, Đakrông, Hải Lăng và Triệu Phong.",
            "Mỗi căn nhà rộng 50–60 m², có khu vệ sinh, được xây trên nền cao để tránh ngập. Bà "
            "con, đoàn viên thanh niên và bộ đội góp hàng nghìn ngày công.",
            "Danh sách hộ được hỗ trợ và mức hỗ trợ từng căn được công khai tại trụ sở Ủy ban "
            "MTTQ các xã.",
        ],
        "figures": [("Nhà bàn giao", "", "40", "căn"), ("Huyện có nhà bàn giao", "", "4", "")],
    },
    {
        "title": "Sơ kết ba năm thực hiện Nghị quyết 160/NQ-CP về giảm nghèo bền vững",
        "type": T,
        "day": "2025-06-10",
        "place": PROVINCE,
        "tags": ["Nghị quyết 160", "giảm nghèo bền vững"],
        "scene": "fields",
        "intro": (
            "Tỷ lệ hộ nghèo đa chiều giảm từ 8,67 % năm 2022 xuống 5,12 % cuối năm 2024; các huyện "
            "miền núi vẫn là nơi cần tập trung nguồn lực."
        ),
        "figures_title": "Tỷ lệ hộ nghèo đa chiều",
        "text": [
            "Ủy ban nhân dân tỉnh sơ kết ba năm thực hiện Kế hoạch triển khai Nghị quyết "
            "160/NQ-CP của Chính phủ về tăng cường sự lãnh đạo của Đảng đối với công tác giảm "
            "nghèo bền vững đến năm 2030.",
            "Hội nghị đánh giá cao các mô hình sinh kế gắn với liên kết doanh nghiệp, hợp tác xã; "
            "tín dụng chính sách được triển khai đúng đối tượng; phong trào “Cả nước chung tay vì "
            "người nghèo – Không để ai bị bỏ lại phía sau” được các tầng lớp Nhân dân hưởng ứng.",
            "Hạn chế được chỉ ra: một số hộ thoát nghèo chưa bền vững, tái nghèo do thiên tai, "
            "ốm đau. Trong thời gian tới, tỉnh tập trung giải quyết nhà ở, nước sinh hoạt và việc "
            "làm cho lao động nghèo.",
        ],
        "figures": [("Tỷ lệ hộ nghèo toàn tỉnh", "8,67 %", "5,12 %", "")],
    },
    {
        "title": "Hơn 60 doanh nghiệp, đơn vị đăng ký ủng hộ tại lễ phát động năm 2025",
        "type": T,
        "day": "2025-10-17",
        "place": PROVINCE,
        "tags": ["Ngày vì người nghèo", "lễ phát động", "doanh nghiệp"],
        "scene": "ceremony",
        "intro": (
            "Lễ phát động đầu tiên của tỉnh Quảng Trị sau sắp xếp đơn vị hành chính; số tiền "
            "thực nhận sẽ được công khai theo sao kê tài khoản của Quỹ."
        ),
        "text": [
            "Tối 17/10/2025, Ủy ban MTTQ Việt Nam tỉnh tổ chức chương trình “Chung tay vì người "
            "nghèo” năm 2025, truyền hình trực tiếp trên Đài Phát thanh – Truyền hình tỉnh.",
            "Hơn 60 doanh nghiệp, cơ quan, đơn vị lên sân khấu đăng ký ủng hộ. Ban Vận động Quỹ "
            "lưu ý: số đăng ký là cam kết; số tiền thực nhận được cập nhật sau khi đối chiếu với "
            "sao kê ngân hàng.",
            "Nguồn quỹ năm nay ưu tiên xây nhà Đại đoàn kết, trao bò giống và học bổng cho học "
            "sinh nghèo ở các xã vùng cao, vùng bãi ngang.",
        ],
    },
    {
        "title": "Trao 1.200 thẻ bảo hiểm y tế cho người thuộc hộ cận nghèo",
        "type": T,
        "day": "2026-01-22",
        "place": "Xã Bến Quan",
        "tags": ["bảo hiểm y tế", "hộ cận nghèo"],
        "scene": "ceremony",
        "intro": (
            "Thẻ bảo hiểm y tế giúp người cận nghèo yên tâm khám chữa bệnh, tránh tái nghèo vì "
            "ốm đau."
        ),
        "figures_title": FIGURES,
        "text": [
            "Ngày 22/1/2026, Ủy ban MTTQ tỉnh phối hợp với Bảo hiểm xã hội trao 1.200 thẻ bảo "
            "hiểm y tế cho người thuộc hộ cận nghèo ở các xã phía bắc tỉnh.",
            "Mỗi thẻ có giá trị một năm, mua từ Quỹ Vì người nghèo và nguồn đóng góp của các "
            "doanh nghiệp. Cán bộ y tế xã hướng dẫn bà con cách dùng thẻ khi đi khám.",
        ],
        "figures": [("Thẻ bảo hiểm y tế trao tặng", "", "1.200", "thẻ")],
    },
    {
        "title": (
            "Phát động Tháng cao điểm “Vì người nghèo” năm 2026: mục tiêu 120 nhà Đại đoàn kết"
        ),
        "type": T,
        "day": "2026-10-17",
        "place": PROVINCE,
        "tags": ["Ngày vì người nghèo", "lễ phát động", "nhà Đại đoàn kết"],
        "scene": "ceremony",
        "intro": (
            "Đợt vận động năm 2026 đặt mục tiêu 25 tỷ đồng, xây 120 nhà Đại đoàn kết, trao 300 "
            "con bò giống và 500 suất học bổng."
        ),
        "figures_title": "Mục tiêu năm 2026",
        "text": [
            "Sáng 17/10/2026, Ủy ban MTTQ Việt Nam tỉnh phát động Tháng cao điểm “Vì người nghèo” "
            "năm 2026 với chủ đề “Không để ai bị bỏ lại phía sau”.",
            "Lần đầu tiên, mỗi khoản ủng hộ qua chuyển khoản được đối chiếu với sao kê và công "
            "khai trên trang thông tin của Quỹ; nhà hảo tâm có thể chọn công khai tên hoặc ẩn "
            "danh.",
            "Quỹ tiếp nhận qua tài khoản tại Vietcombank, VietinBank, BIDV và trực tiếp tại trụ sở "
            "Ủy ban MTTQ các cấp.",
        ],
        "figures": [
            ("Nhà Đại đoàn kết", "", "120", "căn"),
            ("Bò giống sinh sản", "", "300", "con"),
            ("Học bổng", "", "500", "suất"),
        ],
    },
    {
        "title": "Khép lại Tháng cao điểm, Quỹ tiếp tục nhận ủng hộ đến hết 31/12/2026",
        "type": T,
        "day": "2026-11-19",
        "place": PROVINCE,
        "tags": ["Ngày vì người nghèo", "nhà Đại đoàn kết"],
        "scene": "house",
        "intro": (
            "Để kịp bàn giao nhà trước Tết Đinh Mùi, Ban Thường trực Ủy ban MTTQ tỉnh quyết định "
            "kéo dài thời gian tiếp nhận ủng hộ đợt vận động năm 2026."
        ),
        "text": [
            "Tháng cao điểm “Vì người nghèo” năm 2026 khép lại ngày 18/11. Theo Ban Thường trực "
            "Ủy ban MTTQ tỉnh, nhiều đơn vị đã đăng ký nhưng chưa chuyển tiền, nhiều hộ nghèo vẫn "
            "đang chờ hỗ trợ nhà ở.",
            "Quỹ Vì người nghèo tỉnh tiếp tục tiếp nhận ủng hộ đến hết ngày 31/12/2026. Các "
            "căn nhà Đại đoàn kết khởi công trong tháng 11 sẽ được bàn giao trước Tết.",
        ],
    },
]
