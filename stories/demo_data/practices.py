"""Good practices: models of poverty reduction that other communes can copy."""

from stories.models import StoryType

T = StoryType.GOOD_PRACTICE
RESULTS = "Kết quả của mô hình"

PRACTICES = [
    {
        "title": "“Ngân hàng bò” ở Hướng Linh: con bê đầu tiên trao lại cho hộ sau",
        "type": T,
        "day": "2023-04-25",
        "place": "Xã Hướng Linh",
        "tags": ["ngân hàng bò", "bò sinh sản", "đồng bào Vân Kiều"],
        "scene": "cattle",
        "intro": (
            "Mỗi hộ nhận một con bò cái, khi bò đẻ lứa đầu thì trao con bê cho hộ nghèo kế tiếp: "
            "từ 10 con bò ban đầu, đã có 46 hộ được nhận."
        ),
        "figures_title": RESULTS,
        "text": [
            "Năm 2019, Ủy ban MTTQ xã Hướng Linh, huyện Hướng Hóa dùng tiền Quỹ Vì người nghèo "
            "mua 10 con bò cái giống, lập “ngân hàng bò” với quy ước do chính người dân bàn bạc.",
            "Hộ nhận bò ký cam kết chăm sóc, trồng cỏ, tiêm phòng; con bê đầu tiên đủ 12 tháng "
            "tuổi được trao cho hộ tiếp theo trong danh sách do thôn bình xét công khai. Ban "
            "quản lý gồm trưởng thôn, già làng và chi hội trưởng phụ nữ.",
            "Sau bốn năm, đàn bò đã luân chuyển qua 46 hộ. Nhiều xã trong huyện đã đến học cách "
            "làm và áp dụng với dê, lợn đen.",
        ],
        "figures": [
            ("Hộ được nhận bò", "10", "46", "hộ"),
            ("Bò luân chuyển", "10", "58", "con"),
        ],
        "quote": (
            "Bò của Quỹ nhưng cả thôn cùng giữ, nên không ai dám để bò gầy.",
            "Ông Hồ Văn Pơi",
            "trưởng thôn Tà Rùng",
        ),
        "gallery": ["Lễ trao bê cho hộ tiếp theo", "Họp thôn bình xét hộ nhận bò"],
    },
    {
        "title": "Hợp tác xã lúa hữu cơ Triệu Độ: liên kết để không ai bị bỏ lại",
        "type": T,
        "day": "2023-11-10",
        "place": "Xã Triệu Độ",
        "tags": ["hợp tác xã", "lúa hữu cơ", "liên kết doanh nghiệp"],
        "scene": "fields",
        "intro": (
            "Hộ nghèo góp ruộng vào cánh đồng lúa hữu cơ, được ứng trước phân bón và bao tiêu sản "
            "phẩm với giá cao hơn lúa thường gần 50 %."
        ),
        "figures_title": RESULTS,
        "text": [
            "Hợp tác xã nông nghiệp Triệu Độ, huyện Triệu Phong xây dựng cánh đồng lúa hữu cơ "
            "liên kết với một doanh nghiệp gạo. Ban đầu, hộ nghèo ngại tham gia vì sợ mất mùa.",
            "Mặt trận xã cùng hợp tác xã đưa ra cách làm riêng: hộ nghèo được ứng trước phân hữu "
            "cơ, trả bằng lúa sau thu hoạch; tổ kỹ thuật đến tận ruộng hướng dẫn.",
            "Sau ba vụ, 37 hộ nghèo và cận nghèo đã tham gia, năng suất ổn định, giá bán cao. "
            "Nhiều hộ đã thoát nghèo và mua thêm máy cày nhỏ.",
        ],
        "figures": [
            ("Giá bán lúa", "6.500", "9.800", "đồng/kg"),
            ("Hộ nghèo tham gia", "12", "37", "hộ"),
        ],
        "quote": (
            "Làm hữu cơ khó lúc đầu, nhưng có người đi cùng thì dân mới theo.",
            "Bà Nguyễn Thị Hằng",
            "Giám đốc hợp tác xã",
        ),
    },
    {
        "title": "Tổ tiết kiệm và vay vốn của phụ nữ Vĩnh Hà",
        "type": T,
        "day": "2024-03-28",
        "place": "Xã Vĩnh Hà",
        "tags": ["tổ tiết kiệm vay vốn", "phụ nữ", "tín dụng chính sách"],
        "scene": "house",
        "intro": (
            "Mỗi tháng góp 50.000 đồng, 42 chị em trong tổ giúp nhau vay không lãi những khoản "
            "nhỏ và cùng vay vốn chính sách để làm ăn."
        ),
        "figures_title": RESULTS,
        "text": [
            "Vĩnh Hà là xã miền núi của huyện Vĩnh Linh, nhiều phụ nữ từng phải vay nóng với lãi "
            "suất cao khi con ốm hay đến kỳ đóng học phí.",
            "Chi hội Phụ nữ lập tổ tiết kiệm: mỗi thành viên góp 50.000 đồng mỗi tháng, ai cần "
            "thì vay không lãi trong ba tháng. Tổ cũng là nơi bình xét, giới thiệu hộ vay vốn "
            "Ngân hàng Chính sách xã hội.",
            "Sau năm năm, tổ có 42 thành viên, không còn ai phải vay nóng; 11 hộ đã thoát nghèo "
            "nhờ nuôi lợn, trồng rừng và mở quán tạp hóa nhỏ.",
        ],
        "figures": [
            ("Thành viên", "15", "42", "người"),
            ("Dư nợ vốn chính sách", "0,4", "2,1", "tỷ đồng"),
        ],
        "quote": (
            "Họp tổ mỗi tháng là dịp chị em chỉ nhau cách làm ăn.",
            "Chị Lê Thị Thanh",
            "tổ trưởng tổ tiết kiệm",
        ),
    },
    {
        "title": "Trồng dược liệu dưới tán rừng ở Ba Lòng",
        "type": T,
        "day": "2024-10-05",
        "place": "Xã Ba Lòng",
        "tags": ["dược liệu", "trồng rừng", "hỗ trợ sinh kế"],
        "scene": "garden",
        "intro": (
            "Cà gai leo, ba kích trồng dưới tán rừng keo vừa giữ đất, vừa cho thu nhập thêm mà "
            "không phải chặt rừng."
        ),
        "figures_title": RESULTS,
        "text": [
            "Xã Ba Lòng, huyện Đakrông có nhiều diện tích rừng trồng, người dân chờ khai thác gỗ "
            "nhiều năm mới có tiền.",
            "Với hỗ trợ của Quỹ Vì người nghèo và một công ty dược, 26 hộ được cấp giống cà gai "
            "leo, ba kích và học cách trồng dưới tán rừng. Công ty cam kết thu mua theo giá sàn.",
            "Sau hai năm, diện tích dược liệu đã lên 18 héc-ta. Lá cà gai leo thu hoạch ba lần "
            "mỗi năm, giúp các hộ có thêm nguồn thu đều đặn.",
        ],
        "figures": [
            ("Diện tích dược liệu", "2", "18", "ha"),
            ("Thu nhập hộ tham gia", "1,5", "4,2", "triệu đồng/tháng"),
        ],
        "quote": (
            "Rừng vẫn còn, dưới gốc lại có thêm cây thuốc, mình được cả hai.",
            "Anh Nguyễn Văn Lực",
            "thôn Khe Cau",
        ),
        "gallery": ["Luống cà gai leo dưới tán keo", "Phơi lá cà gai leo"],
    },
    {
        "title": "“Cây giống thay tiền mặt”: cách hỗ trợ sinh kế của Mặt trận Gio Linh",
        "type": T,
        "day": "2025-01-15",
        "place": "Xã Gio Mỹ",
        "tags": ["hỗ trợ sinh kế", "hồ tiêu", "hiện vật"],
        "scene": "garden",
        "intro": (
            "Thay vì trao tiền, Mặt trận hỗ trợ cây giống, phân bón và kỹ thuật theo đúng nhu cầu "
            "của từng hộ, kèm cán bộ theo dõi trong hai năm."
        ),
        "figures_title": RESULTS,
        "text": [
            "Ủy ban MTTQ xã Gio Mỹ, huyện Gio Linh nhận thấy tiền mặt hỗ trợ thường bị chi tiêu "
            "hết cho việc trước mắt. Từ năm 2022, xã chuyển sang hỗ trợ bằng hiện vật.",
            "Mỗi hộ chọn một sinh kế phù hợp: tiêu, bưởi, gà hay lợn. Mặt trận mua giống từ các "
            "cơ sở uy tín, giao tận nhà; mỗi hộ có một cán bộ hoặc hội viên giỏi kèm cặp.",
            "Sau hai năm, 48 trong 120 hộ nhận hỗ trợ đã thoát nghèo. Cách làm được Ủy ban MTTQ "
            "huyện đề nghị nhân rộng.",
        ],
        "figures": [
            ("Hộ nhận hỗ trợ bằng hiện vật", "30", "120", "hộ"),
            ("Hộ thoát nghèo sau hai năm", "0", "48", "hộ"),
        ],
        "quote": (
            "Cái cây, con giống còn lại với gia đình, đồng tiền thì rất dễ hết.",
            "Ông Trần Văn Quang",
            "Chủ tịch Ủy ban MTTQ xã Gio Mỹ",
        ),
    },
    {
        "title": "Chuỗi liên kết chuối xuất khẩu mở đường thoát nghèo ở Khe Sanh",
        "type": T,
        "day": "2025-08-12",
        "place": "Xã Khe Sanh",
        "tags": ["chuối", "liên kết doanh nghiệp", "hợp tác xã"],
        "scene": "garden",
        "intro": (
            "Doanh nghiệp cấp giống cấy mô, hướng dẫn kỹ thuật và bao tiêu; hộ nghèo góp đất và "
            "công: 85 hộ đã tham gia chuỗi."
        ),
        "figures_title": RESULTS,
        "text": [
            "Chuối là cây chủ lực của vùng Khe Sanh nhưng giá lên xuống thất thường khiến nhiều "
            "hộ nghèo không dám đầu tư.",
            "Ủy ban MTTQ xã làm cầu nối để một doanh nghiệp ký hợp đồng bao tiêu với tổ hợp tác. "
            "Hộ nghèo được ứng trước cây giống, trả dần bằng sản phẩm; giá thu mua cố định theo "
            "từng vụ.",
            "Đến nay 85 hộ nghèo và cận nghèo đã tham gia chuỗi. Thu nhập ổn định giúp nhiều hộ "
            "mạnh dạn vay vốn mở rộng diện tích.",
        ],
        "figures": [
            ("Hộ nghèo trong chuỗi", "20", "85", "hộ"),
            ("Giá thu mua", "3.000", "5.500", "đồng/kg"),
        ],
        "quote": (
            "Biết trước giá bán thì người dân mới yên tâm bỏ công bỏ vốn.",
            "Anh Hồ Văn Sơn",
            "tổ trưởng tổ hợp tác",
        ),
    },
    {
        "title": "Nuôi ong lấy mật dưới vườn cao su: ít vốn, nhanh thu hồi",
        "type": T,
        "day": "2026-03-03",
        "place": "Xã Cồn Tiên",
        "tags": ["nuôi ong", "cao su", "hỗ trợ sinh kế"],
        "scene": "garden",
        "intro": (
            "Mỗi hộ chỉ cần vài thùng ong đặt dưới vườn cao su; sau một mùa hoa đã thu hồi vốn."
        ),
        "figures_title": RESULTS,
        "text": [
            "Xã Cồn Tiên có nhiều vườn cao su, mùa hoa kéo dài từ tháng Hai đến tháng Tư. Hội "
            "Cựu chiến binh xã thấy đây là nguồn mật chưa được tận dụng.",
            "Quỹ Vì người nghèo hỗ trợ mỗi hộ năm thùng ong giống; hội viên có kinh nghiệm "
            "hướng dẫn cách chia đàn, quay mật và giữ ong qua mùa mưa.",
            "Sau hai năm, đàn ong của các hộ đã lên 420 thùng. Mật ong Cồn Tiên được đóng chai, "
            "dán tem truy xuất nguồn gốc và bán tại các hội chợ.",
        ],
        "figures": [
            ("Đàn ong", "50", "420", "thùng"),
            ("Thu nhập thêm mỗi hộ", "0", "2,5", "triệu đồng/tháng"),
        ],
        "quote": (
            "Con ong chăm chỉ, mình chỉ cần chịu khó học cách giữ đàn.",
            "Ông Nguyễn Hữu Phước",
            "Chủ tịch Hội Cựu chiến binh xã",
        ),
        "gallery": ["Thùng ong đặt dưới vườn cao su", "Quay mật ong vụ xuân"],
    },
    {
        "title": "Bếp ăn bán trú góp gạo: cả cộng đồng cùng nuôi con chữ ở La Lay",
        "type": T,
        "day": "2026-09-14",
        "place": "Xã La Lay",
        "tags": ["giáo dục", "học sinh", "đồng bào Pa Kô"],
        "scene": "house",
        "intro": (
            "Phụ huynh góp gạo, rau; Mặt trận và doanh nghiệp góp thịt cá: 210 học sinh bán trú "
            "có bữa ăn đủ chất mỗi ngày."
        ),
        "figures_title": RESULTS,
        "text": [
            "Học sinh ở các thôn xa của xã La Lay phải ở lại trường cả tuần. Trước đây bữa ăn chủ "
            "yếu là cơm với rau rừng, nhiều em bỏ học giữa chừng.",
            "Ủy ban MTTQ xã vận động mỗi gia đình góp gạo, rau theo mùa; Quỹ Vì người nghèo và "
            "các doanh nghiệp đỡ đầu góp tiền mua thịt, cá, trứng. Danh sách đóng góp được dán "
            "công khai ở nhà ăn.",
            "Năm học 2026–2027, bếp ăn phục vụ 210 em, năm bữa mỗi tuần có thịt hoặc cá. Tỷ lệ "
            "học sinh đi học chuyên cần tăng rõ rệt.",
        ],
        "figures": [
            ("Học sinh bán trú", "60", "210", "em"),
            ("Bữa có thịt, cá mỗi tuần", "1", "5", "bữa"),
        ],
        "quote": (
            "Các em ăn no thì mới học được, bố mẹ cũng yên tâm để con ở lại trường.",
            "Cô Hồ Thị Mai",
            "giáo viên trường tiểu học và THCS",
        ),
    },
]
