"""Model households: families that escaped poverty through their own work and some support."""

from stories.models import StoryType

T = StoryType.MODEL_HOUSEHOLD
INCOME = "Thu nhập bình quân"
PER_MONTH = "triệu đồng/tháng"

HOUSEHOLDS = [
    {
        "title": "Từ hai con bò giống, gia đình anh Hồ Văn Lâm vươn lên thoát nghèo",
        "type": T,
        "day": "2023-03-14",
        "place": "Xã Hướng Phùng",
        "tags": ["bò sinh sản", "cà phê", "đồng bào Vân Kiều"],
        "scene": "cattle",
        "intro": (
            "Năm 2020 được Quỹ Vì người nghèo hỗ trợ hai con bò cái giống, đến nay gia đình "
            "người Vân Kiều ở thôn Cheng đã có đàn bò chín con và hơn một héc-ta cà phê."
        ),
        "text": [
            "Ngôi nhà gỗ của anh Hồ Văn Lâm nằm cuối thôn Cheng, xã Hướng Phùng, huyện Hướng Hóa. "
            "Ba năm trước, cả nhà năm người sống nhờ mấy sào sắn và những ngày công làm thuê; "
            "đến tháng giáp hạt lại phải vay gạo của hàng xóm.",
            "Được Ban Công tác Mặt trận thôn bình xét, anh nhận hai con bò cái giống cùng một lớp "
            "tập huấn về trồng cỏ, làm chuồng và tiêm phòng. Anh dành nửa sào đất trồng cỏ voi, "
            "làm chuồng cách xa nhà, ghi chép ngày bò lên giống để phối đúng lúc.",
            "Tiền bán bê đợt đầu, anh mua thêm cây giống cà phê. Năm 2022, gia đình được công nhận "
            "thoát nghèo; nay anh là tổ trưởng tổ hợp tác chăn nuôi của thôn, hướng dẫn cho các "
            "hộ mới nhận bò.",
        ],
        "figures": [
            (INCOME, "1,5", "5,8", PER_MONTH),
            ("Đàn bò", "2", "9", "con"),
            ("Cà phê", "0", "1,2", "ha"),
        ],
        "quote": (
            "Có con bò, có vốn, nhà tôi không còn lo đói giáp hạt nữa.",
            "Anh Hồ Văn Lâm",
            "thôn Cheng, xã Hướng Phùng",
        ),
        "gallery": ["Chuồng bò làm cách xa nhà ở", "Vườn cỏ voi trồng xen cà phê"],
    },
    {
        "title": "Vườn hồ tiêu hồi sinh, nhà chị Nguyễn Thị Lài thoát nghèo",
        "type": T,
        "day": "2023-06-20",
        "place": "Xã Gio An",
        "tags": ["hồ tiêu", "tín dụng chính sách", "phụ nữ"],
        "scene": "garden",
        "intro": (
            "Một khoản vay ưu đãi 50 triệu đồng và những buổi học làm phân hữu cơ đã giúp vườn "
            "tiêu cằn cỗi của chị Lài cho thu hoạch gần hai tấn mỗi năm."
        ),
        "text": [
            "Chồng mất sớm, chị Nguyễn Thị Lài ở xã Gio An, huyện Gio Linh một mình nuôi hai con "
            "ăn học. Vườn tiêu bố mẹ để lại bị chết nhanh, chết chậm gần một nửa.",
            "Chi hội Phụ nữ thôn giới thiệu chị vay vốn Ngân hàng Chính sách xã hội qua tổ tiết "
            "kiệm và vay vốn. Chị trồng lại tiêu trên trụ sống, ủ phân chuồng với chế phẩm sinh "
            "học và làm rãnh thoát nước quanh gốc theo hướng dẫn của cán bộ khuyến nông.",
            "Sau ba vụ, vườn tiêu xanh trở lại. Chị trả hết nợ đúng hạn, cho con gái vào đại học "
            "và cùng năm chị em trong thôn lập nhóm bán tiêu sạch cho một cơ sở ở Đông Hà.",
        ],
        "figures": [
            (INCOME, "2,0", "7,5", PER_MONTH),
            ("Sản lượng hồ tiêu", "0,3", "1,8", "tấn/năm"),
        ],
        "quote": (
            "Vay thì phải trả, nên tôi học kỹ từng việc. Cây tiêu không phụ người chăm.",
            "Chị Nguyễn Thị Lài",
            "xã Gio An",
        ),
        "gallery": ["Vườn tiêu trồng trên trụ sống", "Hố ủ phân hữu cơ trong vườn"],
    },
    {
        "title": "Anh Phan Văn Hòa đổi đời nhờ ao nuôi tôm trên cát",
        "type": T,
        "day": "2023-09-08",
        "place": "Xã Triệu Lăng",
        "tags": ["nuôi tôm", "vùng bãi ngang", "tín dụng chính sách"],
        "scene": "pond",
        "intro": (
            "Trên dải cát trắng ven biển Triệu Lăng, hai ao tôm lót bạt đã giúp gia đình anh "
            "Phan Văn Hòa thoát nghèo chỉ sau hai năm."
        ),
        "text": [
            "Trước đây anh Hòa đi bạn thuyền, thu nhập bấp bênh theo con nước. Năm 2021, anh "
            "được vay vốn hộ nghèo và tham gia lớp tập huấn nuôi tôm thẻ chân trắng trên cát do "
            "Hội Nông dân huyện Triệu Phong tổ chức.",
            "Anh cùng ba hộ lân cận chung nhau giếng khoan và ao lắng, thay nước theo lịch để "
            "giảm dịch bệnh. Mỗi vụ anh ghi sổ thức ăn, độ mặn, nhiệt độ để rút kinh nghiệm.",
            "Hai năm, bốn vụ tôm, anh đã trả xong nợ, xây lại nhà và đang hướng dẫn hai hộ cận "
            "nghèo trong thôn làm theo.",
        ],
        "figures": [
            (INCOME, "1,8", "12", PER_MONTH),
            ("Diện tích ao nuôi", "0", "3.000", "m²"),
        ],
        "quote": (
            "Làm chung giếng, chung ao lắng thì ai cũng đỡ tốn, con tôm cũng khỏe hơn.",
            "Anh Phan Văn Hòa",
            "xã Triệu Lăng",
        ),
    },
    {
        "title": "Khung dệt thổ cẩm giúp gia đình chị Căn Thị Hoa thoát nghèo",
        "type": T,
        "day": "2024-02-22",
        "place": "Xã Tà Rụt",
        "tags": ["thổ cẩm", "đồng bào Pa Kô", "phụ nữ"],
        "scene": "house",
        "intro": (
            "Chị Căn Thị Hoa giữ nghề dệt của mẹ, nay mỗi năm bán gần 150 tấm thổ cẩm cho khách "
            "du lịch và các cửa hàng ở Huế, Đông Hà."
        ),
        "text": [
            "Ở xã Tà Rụt, huyện Đakrông, nhiều phụ nữ Pa Kô biết dệt nhưng sợi mua đắt, sản phẩm "
            "làm ra chỉ để dùng trong nhà. Gia đình chị Hoa có bốn người, thu nhập chính từ nương "
            "sắn.",
            "Năm 2022, Ủy ban MTTQ xã kết nối chị với một hợp tác xã du lịch cộng đồng. Chị được "
            "hỗ trợ khung dệt mới, sợi màu và học thêm cách làm túi, khăn quàng theo đặt hàng.",
            "Giờ đây chị nhận thêm năm học trò trong thôn. Tiền bán thổ cẩm giúp gia đình sửa "
            "nhà, mua máy xay xát nhỏ và cho các con đi học đầy đủ.",
        ],
        "figures": [
            (INCOME, "1,2", "4,6", PER_MONTH),
            ("Sản phẩm bán ra", "0", "150", "tấm/năm"),
        ],
        "quote": (
            "Hoa văn của mẹ, giờ khách ở xa cũng biết đến.",
            "Chị Căn Thị Hoa",
            "xã Tà Rụt",
        ),
        "gallery": ["Khung dệt đặt dưới hiên nhà", "Khăn thổ cẩm hoa văn Pa Kô"],
    },
    {
        "title": "Trang trại gà đồi của vợ chồng trẻ Lê Văn Tâm",
        "type": T,
        "day": "2024-05-16",
        "place": "Xã Cam Tuyền",
        "tags": ["chăn nuôi gà", "thanh niên", "tín dụng chính sách"],
        "scene": "fields",
        "intro": (
            "Từ 200 con gà nuôi thả dưới đồi keo, vợ chồng anh Tâm nay xuất chuồng 3.000 con mỗi "
            "lứa và có việc làm thường xuyên cho bốn lao động trong thôn."
        ),
        "text": [
            "Cưới nhau năm 2020, anh Lê Văn Tâm và chị Hoàng Thị Nga ở xã Cam Tuyền, huyện Cam Lộ "
            "ra ở riêng với hai bàn tay trắng và được xếp vào diện hộ nghèo.",
            "Đoàn Thanh niên xã giới thiệu anh chị vay vốn giải quyết việc làm và học nuôi gà thả "
            "đồi theo hướng an toàn sinh học. Anh rào đồi, chia ô thả luân phiên, tự trộn thức ăn "
            "từ ngô và cám gạo.",
            "Gà đồi Cam Tuyền chắc thịt, được các bếp ăn ở Đông Hà đặt hàng quanh năm. Năm 2023, "
            "hộ anh Tâm thoát nghèo và được Hội Nông dân tỉnh khen thưởng.",
        ],
        "figures": [
            (INCOME, "2,2", "9,0", PER_MONTH),
            ("Đàn gà mỗi lứa", "200", "3.000", "con"),
        ],
        "quote": (
            "Chúng tôi không sợ vất vả, chỉ sợ làm mà không có người chỉ cách.",
            "Anh Lê Văn Tâm",
            "xã Cam Tuyền",
        ),
    },
    {
        "title": "Ngôi nhà Đại đoàn kết và vườn chuối của gia đình anh Hồ Văn Nhanh",
        "type": T,
        "day": "2024-08-30",
        "place": "Xã A Dơi",
        "tags": ["chuối", "nhà Đại đoàn kết", "đồng bào Vân Kiều"],
        "scene": "house",
        "intro": (
            "Có nhà vững chãi từ Quỹ Vì người nghèo, anh Nhanh yên tâm mở rộng vườn chuối bán "
            "cho doanh nghiệp xuất khẩu."
        ),
        "text": [
            "Mùa mưa năm 2022, căn nhà tranh của gia đình anh Hồ Văn Nhanh ở xã A Dơi, huyện "
            "Hướng Hóa bị dột nát, năm người phải sang ở nhờ nhà anh trai.",
            "Ủy ban MTTQ huyện hỗ trợ 50 triệu đồng, bà con trong thôn góp hơn 100 ngày công, "
            "gia đình góp thêm gỗ và vay người thân để dựng căn nhà Đại đoàn kết rộng 60 m².",
            "Có chỗ ở ổn định, anh chuyển hai sào sắn sang trồng chuối tiêu hồng theo hợp đồng "
            "bao tiêu. Năm 2024, gia đình được công nhận thoát nghèo.",
        ],
        "figures": [
            (INCOME, "1,4", "5,2", PER_MONTH),
            ("Diện tích chuối", "0,2", "1,5", "ha"),
        ],
        "quote": (
            "Có cái nhà rồi thì mới dám nghĩ chuyện làm ăn lâu dài.",
            "Anh Hồ Văn Nhanh",
            "xã A Dơi",
        ),
        "gallery": ["Căn nhà Đại đoàn kết mới khánh thành", "Vườn chuối tiêu hồng của gia đình"],
    },
    {
        "title": "Mẹ đơn thân Trần Thị Thu thoát nghèo nhờ trồng nấm rơm",
        "type": T,
        "day": "2025-03-12",
        "place": "Xã Hải Trường",
        "tags": ["trồng nấm", "phụ nữ", "tín dụng chính sách"],
        "scene": "fields",
        "intro": (
            "Tận dụng rơm rạ sau mùa gặt, chị Thu mỗi năm thu hơn hai tấn nấm rơm, đủ nuôi hai "
            "con nhỏ và trả dần khoản vay làm lán trại."
        ),
        "text": [
            "Chị Trần Thị Thu ở xã Hải Trường, huyện Hải Lăng làm mẹ đơn thân từ năm 2019. Mấy "
            "sào ruộng chỉ đủ gạo ăn, tiền học của con phải đi vay.",
            "Chi hội Phụ nữ đưa chị đi học mô hình trồng nấm rơm ở xã bên. Với 30 triệu đồng vay "
            "ưu đãi, chị dựng lán, mua meo giống và tận dụng rơm của cả xóm sau mỗi vụ gặt.",
            "Nấm rơm thu hoạch sau 12 ngày, bán ngay tại chợ Diên Sanh. Đầu năm 2025, gia đình "
            "chị ra khỏi danh sách hộ nghèo.",
        ],
        "figures": [
            (INCOME, "1,6", "5,5", PER_MONTH),
            ("Sản lượng nấm", "0", "2,4", "tấn/năm"),
        ],
        "quote": (
            "Rơm ngoài đồng trước đốt bỏ, giờ thành tiền nuôi con.",
            "Chị Trần Thị Thu",
            "xã Hải Trường",
        ),
    },
    {
        "title": "Anh Hồ Văn Đoan thoát nghèo với rừng keo và đàn dê",
        "type": T,
        "day": "2025-09-18",
        "place": "Xã Hướng Hiệp",
        "tags": ["trồng rừng", "chăn nuôi dê", "đồng bào Vân Kiều"],
        "scene": "garden",
        "intro": (
            "Kết hợp trồng keo và nuôi dê dưới tán rừng, gia đình anh Đoan có nguồn thu cả ngắn "
            "hạn lẫn dài hạn."
        ),
        "text": [
            "Anh Hồ Văn Đoan ở xã Hướng Hiệp được giao hai héc-ta đất rừng sản xuất nhưng thiếu "
            "vốn để trồng, phải chờ bảy năm mới có thu hoạch.",
            "Theo gợi ý của cán bộ Mặt trận xã, anh nhận hỗ trợ năm con dê giống, nuôi thả dưới "
            "tán keo non; tiền bán dê trang trải chi tiêu trong lúc chờ rừng lớn.",
            "Sau ba năm, đàn dê đã có 25 con, rừng keo lứa đầu sắp khai thác. Anh còn nhận đỡ "
            "đầu một hộ nghèo khác, cho mượn dê đực giống không lấy tiền.",
        ],
        "figures": [
            (INCOME, "1,3", "6,0", PER_MONTH),
            ("Đàn dê", "0", "25", "con"),
        ],
        "quote": (
            "Rừng nuôi cái dài, dê nuôi cái ngắn, nhà mình không còn phải vay nóng.",
            "Anh Hồ Văn Đoan",
            "xã Hướng Hiệp",
        ),
    },
    {
        "title": "Ngư dân Võ Văn Sáu có thuyền mới, có bạn thuyền, có thu nhập đều",
        "type": T,
        "day": "2026-04-09",
        "place": "Xã Cửa Tùng",
        "tags": ["ngư nghiệp", "vùng biển", "tín dụng chính sách"],
        "scene": "pond",
        "intro": (
            "Từ người đi bạn cho chủ tàu, anh Võ Văn Sáu nay có thuyền riêng đánh bắt gần bờ và "
            "rủ thêm hai lao động nghèo cùng đi biển."
        ),
        "text": [
            "Ở xã Cửa Tùng, nhiều gia đình sống nhờ biển nhưng không có phương tiện. Anh Võ Văn "
            "Sáu từng đi bạn cho chủ tàu suốt mười năm, thu nhập phụ thuộc vào từng chuyến.",
            "Năm 2024, anh được vay vốn ưu đãi và nhận hỗ trợ 20 triệu đồng từ Quỹ “Vì người "
            "nghèo” để đóng chiếc thuyền composite nhỏ cùng ngư cụ đánh bắt gần bờ.",
            "Anh đi biển đều đặn, bán cá cho chợ Cửa Tùng, đã trả được hơn nửa khoản vay. Hai "
            "thanh niên nghèo trong thôn đi bạn cùng anh cũng có thu nhập ổn định.",
        ],
        "figures": [
            (INCOME, "2,5", "10", PER_MONTH),
            ("Chuyến biển mỗi tháng", "4", "12", "chuyến"),
        ],
        "quote": (
            "Có con thuyền của mình, sáng nào tôi cũng mong ra khơi.",
            "Anh Võ Văn Sáu",
            "xã Cửa Tùng",
        ),
        "gallery": ["Thuyền composite neo ở bến", "Chợ cá buổi sáng ở Cửa Tùng"],
    },
    {
        "title": "Gia đình chị Hồ Thị Pai thoát nghèo nhờ cà phê trồng xen",
        "type": T,
        "day": "2026-07-21",
        "place": "Xã Lìa",
        "tags": ["cà phê", "đồng bào Vân Kiều", "hỗ trợ sinh kế"],
        "scene": "garden",
        "intro": (
            "Trồng xen cà phê với cây che bóng và chăm theo quy trình sạch, gia đình chị Pai bán "
            "được giá cao hơn cho hợp tác xã."
        ),
        "text": [
            "Xã Lìa nằm sát biên giới, đất đỏ ba-zan hợp với cà phê chè nhưng nhiều hộ thiếu vốn "
            "và kỹ thuật. Gia đình chị Hồ Thị Pai chỉ có ba sào cà phê già cỗi.",
            "Năm 2025, chị được hỗ trợ cây giống, phân bón và tham gia lớp học đầu bờ của hợp tác "
            "xã cà phê Khe Sanh. Chị trồng xen muồng đen che bóng, hái chín, phơi trên giàn.",
            "Vụ cà phê 2026, gia đình thu hơn một tấn nhân, bán theo giá cà phê chín đỏ. Chị Pai "
            "được bầu làm tổ trưởng tổ phụ nữ làm kinh tế giỏi của thôn.",
        ],
        "figures": [
            (INCOME, "1,1", "4,8", PER_MONTH),
            ("Diện tích cà phê", "0,3", "1,2", "ha"),
        ],
        "quote": (
            "Hái quả chín thì lâu hơn, nhưng bán được giá, mình thấy công sức có giá trị.",
            "Chị Hồ Thị Pai",
            "xã Lìa",
        ),
    },
]
