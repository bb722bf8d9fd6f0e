"""Exemplary people and collectives (gương điển hình cá nhân, tập thể)."""

from stories.models import StoryType

T = StoryType.EXEMPLARY
DEEDS = "Những việc đã làm"

PEOPLE = [
    {
        "title": "Già làng Hồ Văn Thoang hiến đất làm đường, vận động con cháu thoát nghèo",
        "type": T,
        "day": "2023-07-19",
        "place": "Xã A Ngo",
        "tags": ["người có uy tín", "già làng", "đồng bào Pa Kô"],
        "scene": "house",
        "intro": (
            "Ở tuổi 72, già Thoang hiến 1.200 m² đất để mở đường vào bản và đi từng nhà vận động "
            "bà con cho con đi học, làm chuồng xa nhà."
        ),
        "figures_title": DEEDS,
        "text": [
            "Già Hồ Văn Thoang là người có uy tín của bản Ra Ró, xã A Ngo, huyện Đakrông. Khi xã "
            "mở đường bê tông vào bản, già là người đầu tiên hiến đất vườn.",
            "Già đi từng nhà vận động con cháu bỏ tập quán thả rông gia súc, làm chuồng trại, "
            "trồng lúa nước hai vụ. Những nhà còn khó khăn, già đứng ra xin Mặt trận xã hỗ trợ "
            "giống và nói chuyện với ngân hàng.",
            "Sau năm năm, số hộ nghèo trong bản giảm từ 27 xuống 9. Năm 2023, già được Ủy ban "
            "MTTQ tỉnh tặng bằng khen vì đóng góp cho phong trào “Cả nước chung tay vì người "
            "nghèo”.",
        ],
        "figures": [
            ("Đất hiến làm đường", "0", "1.200", "m²"),
            ("Hộ nghèo trong bản", "27", "9", "hộ"),
        ],
        "quote": (
            "Già làng nói thì con cháu nghe, nhưng già phải làm trước.",
            "Già Hồ Văn Thoang",
            "bản Ra Ró, xã A Ngo",
        ),
    },
    {
        "title": "Doanh nhân Nguyễn Đức Thịnh: mười năm đồng hành cùng học sinh nghèo",
        "type": T,
        "day": "2023-12-02",
        "place": "Thị trấn Hồ Xá",
        "tags": ["học bổng", "doanh nghiệp", "học sinh"],
        "scene": "ceremony",
        "intro": (
            "Từ năm 2013, doanh nghiệp của ông Thịnh trao hơn một nghìn suất học bổng cho học "
            "sinh nghèo vượt khó ở Vĩnh Linh."
        ),
        "figures_title": DEEDS,
        "text": [
            "Xuất thân từ một gia đình nghèo ở Vĩnh Linh, ông Nguyễn Đức Thịnh, giám đốc một "
            "công ty vật liệu xây dựng, luôn nhớ những năm đi học bằng học bổng của Hội Khuyến "
            "học.",
            "Mỗi năm, công ty ông trích lợi nhuận trao học bổng qua Ủy ban MTTQ huyện, theo danh "
            "sách nhà trường và thôn bình xét. Những em đỗ đại học được hỗ trợ tiếp đến khi ra "
            "trường.",
            "Mười năm, 1.150 suất học bổng đã được trao. Nhiều em nay đã đi làm và quay lại cùng "
            "ông đóng góp cho quỹ.",
        ],
        "figures": [("Suất học bổng đã trao", "30", "1.150", "suất")],
        "quote": (
            "Tôi chỉ trả lại những gì mình từng nhận được.",
            "Ông Nguyễn Đức Thịnh",
            "doanh nhân, thị trấn Hồ Xá",
        ),
        "gallery": ["Lễ trao học bổng năm học 2023–2024", "Học sinh nhận học bổng"],
    },
    {
        "title": "Đồn Biên phòng Hướng Phùng và chương trình “Nâng bước em đến trường”",
        "type": T,
        "day": "2024-06-27",
        "place": "Xã Hướng Sơn",
        "tags": ["bộ đội biên phòng", "học sinh", "tập thể tiêu biểu"],
        "scene": "house",
        "intro": (
            "Mỗi cán bộ, chiến sĩ đỡ đầu một em học sinh nghèo; đồn còn giúp 18 hộ làm chuồng bò, "
            "trồng cỏ để thoát nghèo."
        ),
        "figures_title": DEEDS,
        "text": [
            "Địa bàn của Đồn Biên phòng Hướng Phùng gồm nhiều thôn người Vân Kiều ở xã Hướng Sơn, "
            "Hướng Linh. Nhiều em nhỏ nghỉ học sớm để lên nương cùng bố mẹ.",
            "Hưởng ứng chương trình “Nâng bước em đến trường”, mỗi cán bộ, chiến sĩ nhận đỡ đầu "
            "một em, hỗ trợ 500.000 đồng mỗi tháng và đến thăm nhà thường xuyên.",
            "Đồn còn phối hợp với Mặt trận xã giúp 18 hộ nghèo làm chuồng, trồng cỏ nuôi bò. Năm "
            "2024, đồn được Ủy ban MTTQ tỉnh biểu dương là tập thể tiêu biểu.",
        ],
        "figures": [
            ("Học sinh được đỡ đầu", "5", "32", "em"),
            ("Hộ được giúp làm sinh kế", "0", "18", "hộ"),
        ],
        "quote": (
            "Giữ đất, giữ làng, cũng là giữ cho các em được đến trường.",
            "Thiếu tá Nguyễn Văn Hải",
            "Chính trị viên Đồn Biên phòng",
        ),
    },
    {
        "title": "Cựu chiến binh Lê Quang Vinh và “Tổ giúp nhau thoát nghèo”",
        "type": T,
        "day": "2025-04-18",
        "place": "Xã Cam Hiếu",
        "tags": ["cựu chiến binh", "giúp nhau thoát nghèo", "ngày công"],
        "scene": "fields",
        "intro": (
            "Tổ của ông Vinh góp ngày công làm chuồng, sửa nhà, cho mượn giống: 23 hộ đã được "
            "giúp, 15 hộ thoát nghèo."
        ),
        "figures_title": DEEDS,
        "text": [
            "Trở về sau những năm quân ngũ, ông Lê Quang Vinh ở xã Cam Hiếu, huyện Cam Lộ lập "
            "trang trại nhỏ và luôn trăn trở với những hộ nghèo cùng xóm.",
            "Năm 2020, ông rủ 12 hội viên cựu chiến binh lập “Tổ giúp nhau thoát nghèo”: mỗi "
            "tháng góp hai ngày công, cho mượn giống lợn, giống gà và hướng dẫn cách làm.",
            "Năm năm qua, tổ đã góp 1.400 ngày công và giúp 23 hộ; 15 hộ đã thoát nghèo bền vững.",
        ],
        "figures": [
            ("Hộ được giúp", "0", "23", "hộ"),
            ("Ngày công góp", "0", "1.400", "ngày"),
        ],
        "quote": (
            "Cựu chiến binh thì không bỏ đồng đội, cũng không bỏ bà con lại phía sau.",
            "Ông Lê Quang Vinh",
            "xã Cam Hiếu",
        ),
    },
    {
        "title": "Chi hội Phụ nữ khu phố 3: tập thể tiêu biểu góp công xây nhà Đại đoàn kết",
        "type": T,
        "day": "2025-10-28",
        "place": "Phường Đông Hà",
        "tags": ["phụ nữ", "nhà Đại đoàn kết", "tập thể tiêu biểu"],
        "scene": "house",
        "intro": (
            "Từ bán ve chai, gây quỹ “Hũ gạo tình thương”, các chị đã góp tiền và công cho 14 căn "
            "nhà Đại đoàn kết."
        ),
        "figures_title": DEEDS,
        "text": [
            "Chi hội Phụ nữ khu phố 3, phường Đông Hà có 86 hội viên, phần lớn buôn bán nhỏ. "
            "Từ năm 2019, chi hội duy trì mô hình thu gom ve chai, “Hũ gạo tình thương”.",
            "Số tiền gây quỹ được chi hội gửi Ủy ban MTTQ phường, cùng với Quỹ Vì người nghèo "
            "hỗ trợ xây nhà cho hộ nghèo trong và ngoài phường. Mỗi khoản thu chi đều được đọc "
            "công khai trong buổi sinh hoạt chi hội.",
            "Đến nay chi hội đã góp cho 14 căn nhà Đại đoàn kết và hàng trăm ngày công phụ hồ, "
            "dọn dẹp khi bàn giao nhà.",
        ],
        "figures": [
            ("Nhà Đại đoàn kết góp công, góp tiền", "0", "14", "căn"),
            ("Hội viên tham gia", "30", "86", "người"),
        ],
        "quote": (
            "Mỗi người góp một ít, thành cái nhà cho người khác.",
            "Bà Phạm Thị Loan",
            "Chi hội trưởng",
        ),
        "gallery": ["Hội viên phụ nữ phân loại ve chai", "Bàn giao nhà Đại đoàn kết"],
    },
    {
        "title": "Cô giáo Pả Thị Liên và lớp xóa mù chữ ban đêm",
        "type": T,
        "day": "2026-05-20",
        "place": "Xã Đakrông",
        "tags": ["giáo dục", "đồng bào Pa Kô", "phụ nữ"],
        "scene": "house",
        "intro": (
            "Bốn năm đứng lớp buổi tối không thù lao, cô Liên đã giúp 64 người lớn trong thôn "
            "biết đọc, biết viết, biết tính."
        ),
        "figures_title": DEEDS,
        "text": [
            "Cô Pả Thị Liên dạy tiểu học ở xã Đakrông. Thấy nhiều phụ huynh không đọc được giấy "
            "hẹn vay vốn hay hướng dẫn dùng thuốc, cô mở lớp xóa mù chữ vào buổi tối.",
            "Lớp học dùng nhà văn hóa thôn, đèn do Mặt trận xã hỗ trợ. Cô soạn bài từ những thứ "
            "gần gũi: sổ vay vốn, giấy tiêm phòng, hóa đơn bán nông sản.",
            "Sau bốn năm, 64 học viên đã biết chữ. Nhiều người nay tự đọc hợp đồng bao tiêu và "
            "tự ghi chép sổ sách chăn nuôi.",
        ],
        "figures": [("Học viên biết chữ", "0", "64", "người")],
        "quote": (
            "Biết chữ thì không ai lừa được mình nữa, bà con nói vậy.",
            "Cô Pả Thị Liên",
            "xã Đakrông",
        ),
    },
]
