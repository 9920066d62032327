"""Hand-written topics of the matching development set (zh / ja / en).

Written before any tuning of the engine and not edited to fit its output. Each topic is one
real-world need of the zone or the partnership, with an offer side and a request side, each
written independently in Chinese, Japanese and English (different words on purpose: a buyer does
not describe a product the way its seller does). ``make_devset.py`` turns these into profiles,
queries and graded judgements by fixed rules (see its docstring); no judgement looks at the
engine.
"""

from __future__ import annotations

# topic id → (sector, offer kind, industry class, related topic ids,
#             {side: {lang: (title, sentence)}})
# sides: "offer" is the PAIRS key kind, "request" its complement.

TOPICS: dict[str, dict[str, object]] = {
    # ------------------------------------------------------------------ technology
    "hydrogen_fc": {
        "sector": "energy",
        "kind": "technology_offer",
        "industry": "C3849",
        "related": ["battery_storage"],
        "offer": {
            "zh": (
                "氢燃料电池电堆技术转让",
                "我方拥有车用氢燃料电池电堆及系统集成核心专利，可对外技术许可并派工程师指导量产，适用于重卡和叉车。",
            ),
            "ja": (
                "水素燃料電池スタックの技術供与",
                "当社は商用車向け燃料電池スタックとシステム制御の特許を保有しており、量産立ち上げまで技術者を派遣して支援します。",
            ),
            "en": (
                "Fuel-cell stack technology licence",
                "We license our proton-exchange-membrane fuel cell stack design and balance-of-plant control software, with engineers on site until series production.",
            ),
        },
        "request": {
            "zh": (
                "寻求氢能重卡动力系统技术",
                "本地车企计划开发氢能重卡，急需燃料电池动力系统的成熟技术和联合开发伙伴。",
            ),
            "ja": (
                "水素トラック用パワートレイン技術を求む",
                "大型トラックの水素化に向け、燃料電池システムの実績ある技術と共同開発パートナーを探しています。",
            ),
            "en": (
                "Seeking hydrogen truck powertrain technology",
                "A regional truck maker wants proven hydrogen fuel-cell powertrain know-how and a partner for joint development of heavy trucks.",
            ),
        },
    },
    "solar_pv": {
        "sector": "energy",
        "kind": "technology_offer",
        "industry": "C3825",
        "related": ["battery_storage"],
        "offer": {
            "zh": (
                "高效光伏组件生产技术",
                "提供异质结高效光伏电池片及组件生产线工艺包，转换效率超过百分之二十五。",
            ),
            "ja": (
                "高効率太陽電池モジュール製造技術",
                "ヘテロ接合型の太陽電池セルとモジュールの製造プロセス一式を提供します。変換効率は二十五パーセント超です。",
            ),
            "en": (
                "High-efficiency PV module process",
                "Turnkey process package for heterojunction solar cells and modules with conversion efficiency above twenty-five percent.",
            ),
        },
        "request": {
            "zh": (
                "园区屋顶分布式光伏项目寻技术方",
                "工业园区拟在厂房屋顶建设分布式光伏电站，寻找组件技术和施工运维合作方。",
            ),
            "ja": (
                "工場屋根の太陽光発電の技術パートナー募集",
                "工業団地の屋根に自家消費型の太陽光発電を導入したく、パネル技術と施工保守の協力先を求めています。",
            ),
            "en": (
                "Rooftop solar for an industrial park",
                "An industrial park plans rooftop photovoltaic plants on its factories and looks for panel technology and an installation and maintenance partner.",
            ),
        },
    },
    "battery_storage": {
        "sector": "energy",
        "kind": "technology_offer",
        "industry": "C3841",
        "related": ["solar_pv", "hydrogen_fc"],
        "offer": {
            "zh": (
                "储能电池管理系统技术",
                "自主研发的锂离子储能电池管理系统和热管理方案，可用于电网侧和工商业储能电站。",
            ),
            "ja": (
                "蓄電池の管理システム技術",
                "リチウムイオン蓄電池のBMSと熱管理技術を持ち、系統用や工場向けの蓄電設備に対応します。",
            ),
            "en": (
                "Battery management for energy storage",
                "Our lithium-ion battery management system and thermal design serve grid-scale and commercial energy storage plants.",
            ),
        },
        "request": {
            "zh": (
                "寻求工商业储能解决方案",
                "企业希望引进储能电站技术，实现峰谷电价套利和备用电源。",
            ),
            "ja": (
                "工場向け蓄電システムを探しています",
                "ピークカットと非常用電源のため、工場に蓄電システムを導入できる技術を探しています。",
            ),
            "en": (
                "Looking for commercial battery storage",
                "A manufacturer wants battery storage technology for peak shaving and backup power at its plant.",
            ),
        },
    },
    "semiconductor_pkg": {
        "sector": "electronics",
        "kind": "technology_offer",
        "industry": "C3973",
        "related": ["smart_factory"],
        "offer": {
            "zh": (
                "功率半导体封装测试技术",
                "我公司掌握IGBT和碳化硅功率模块的封装测试工艺，可提供技术转移和产线规划。",
            ),
            "ja": (
                "パワー半導体のパッケージング技術",
                "IGBTとSiCパワーモジュールの組立・検査工程のノウハウを提供し、ライン設計も支援します。",
            ),
            "en": (
                "Power semiconductor packaging know-how",
                "Assembly and test process know-how for IGBT and silicon-carbide power modules, with line design support.",
            ),
        },
        "request": {
            "zh": ("寻求芯片封测合作", "新建的集成电路产业园希望引进芯片封装测试技术团队。"),
            "ja": (
                "半導体後工程の協力先を求む",
                "新設の集積回路拠点で、チップの後工程（封止・検査）の技術チームを誘致したいです。",
            ),
            "en": (
                "Chip back-end partner wanted",
                "A new integrated-circuit park wants a team with chip assembly and test technology.",
            ),
        },
    },
    "industrial_robots": {
        "sector": "electronics",
        "kind": "technology_offer",
        "industry": "C3491",
        "related": ["smart_factory"],
        "offer": {
            "zh": (
                "工业机器人系统集成",
                "提供焊接和搬运工业机器人工作站的系统集成与编程服务，已服务多家汽车厂。",
            ),
            "ja": (
                "産業用ロボットのシステムインテグレーション",
                "溶接・搬送用の産業用ロボットセルの設計、据付、ティーチングを提供します。",
            ),
            "en": (
                "Industrial robot integration",
                "Design, installation and programming of welding and handling robot cells for automotive plants.",
            ),
        },
        "request": {
            "zh": (
                "寻找机械臂自动化改造方案",
                "我厂计划用机械臂替代人工上下料，寻找有经验的集成商。",
            ),
            "ja": (
                "ロボットによる自動化を検討中",
                "人手不足のため、部品の積み下ろしをロボットアームで自動化したいと考えています。",
            ),
            "en": (
                "Automating machine tending with robots",
                "We want to replace manual loading and unloading with robot arms and need an experienced integrator.",
            ),
        },
    },
    "medical_devices": {
        "sector": "health",
        "kind": "technology_offer",
        "industry": "C3581",
        "related": [],
        "offer": {
            "zh": (
                "医用超声诊断设备技术合作",
                "我方在便携式超声诊断仪方面拥有成熟产品和注册证，寻求本地化生产合作。",
            ),
            "ja": (
                "超音波診断装置の技術提携",
                "携帯型の超音波画像診断装置の技術を持ち、中国での現地生産パートナーを求めます。",
            ),
            "en": (
                "Portable ultrasound scanner technology",
                "We own a certified portable ultrasound imaging system and offer technology cooperation for local manufacturing.",
            ),
        },
        "request": {
            "zh": ("引进医疗器械生产技术", "医疗器械产业园希望引进影像诊断类医疗设备的生产技术。"),
            "ja": (
                "医療機器の製造技術を導入したい",
                "画像診断の医療機器について、製造技術の導入先を探しています。",
            ),
            "en": (
                "Medical imaging device production",
                "A medical device park seeks production technology for diagnostic imaging equipment.",
            ),
        },
    },
    "wastewater": {
        "sector": "environment",
        "kind": "technology_offer",
        "industry": "N7721",
        "related": [],
        "offer": {
            "zh": (
                "工业废水处理膜技术",
                "提供膜生物反应器和反渗透工艺，用于电镀、化工等工业废水处理和回用。",
            ),
            "ja": (
                "産業排水の膜処理技術",
                "MBRと逆浸透膜による産業排水の処理・再利用技術をめっき工場や化学工場に提供します。",
            ),
            "en": (
                "Membrane treatment of industrial effluent",
                "Membrane bioreactor and reverse-osmosis systems to treat and reuse effluent from plating and chemical plants.",
            ),
        },
        "request": {
            "zh": (
                "化工园区污水处理升级",
                "化工园区污水处理厂需要提标改造，寻求先进的水处理技术。",
            ),
            "ja": (
                "化学工場の排水処理を改善したい",
                "排水基準の強化に対応するため、水処理技術の提案を募集しています。",
            ),
            "en": (
                "Upgrading a wastewater plant",
                "A chemical park must upgrade its wastewater treatment plant to stricter discharge limits.",
            ),
        },
    },
    "smart_factory": {
        "sector": "electronics",
        "kind": "technology_offer",
        "industry": "I6531",
        "related": ["industrial_robots", "semiconductor_pkg"],
        "offer": {
            "zh": (
                "工业互联网平台与数字化工厂",
                "提供设备联网、生产数据采集和MES系统，帮助中小制造企业建设数字化工厂。",
            ),
            "ja": (
                "スマート工場向けIoTプラットフォーム",
                "設備のIoT接続、生産データ収集、MESを中小製造業向けに提供します。",
            ),
            "en": (
                "IoT platform for smart factories",
                "Machine connectivity, production data collection and MES software for small and medium manufacturers.",
            ),
        },
        "request": {
            "zh": (
                "企业数字化改造需求",
                "传统制造企业希望实现生产过程可视化和设备联网，寻找智能制造服务商。",
            ),
            "ja": (
                "工場のデジタル化支援を求む",
                "生産ラインの見える化と設備のネットワーク化を進めたく、支援企業を探しています。",
            ),
            "en": (
                "Digitalising a traditional plant",
                "A traditional manufacturer wants shop-floor visibility and connected machines, and seeks a smart-manufacturing provider.",
            ),
        },
    },
    # ------------------------------------------------------------------ business
    "cold_chain": {
        "sector": "logistics",
        "kind": "business_offer",
        "industry": "G5951",
        "related": ["cross_border_ec"],
        "offer": {
            "zh": (
                "冷链仓储与运输服务",
                "在大连港附近拥有万吨级冷库和冷藏车队，可提供零下十八度全程冷链。",
            ),
            "ja": (
                "冷凍倉庫と低温輸送サービス",
                "大連港の近くに大型の冷凍倉庫と保冷トラックを持ち、一貫した低温物流を提供します。",
            ),
            "en": (
                "Cold storage and refrigerated trucking",
                "Large cold stores near Dalian port and a fleet of reefer trucks for end-to-end frozen logistics.",
            ),
        },
        "request": {
            "zh": (
                "生鲜产品需要冷链配送",
                "农业合作社的生鲜产品要运往东部城市，需要可靠的冷藏运输和仓储伙伴。",
            ),
            "ja": (
                "生鮮品の低温配送パートナーを募集",
                "産地から都市部へ生鮮品を届けるため、冷蔵輸送と保管の協力先が必要です。",
            ),
            "en": (
                "Refrigerated distribution for fresh produce",
                "A farmers' cooperative needs a reliable partner for chilled transport and storage to eastern cities.",
            ),
        },
    },
    "cross_border_ec": {
        "sector": "logistics",
        "kind": "business_offer",
        "industry": "F5292",
        "related": ["cold_chain"],
        "offer": {
            "zh": (
                "跨境电商代运营服务",
                "为企业开设日本电商平台店铺，提供翻译、直播带货和海外仓一站式服务。",
            ),
            "ja": (
                "越境EC運営代行",
                "中国企業の日本向けネット通販の出店、翻訳、ライブ配信販売、海外倉庫をまとめて代行します。",
            ),
            "en": (
                "Cross-border online store operation",
                "We open and run online stores on Japanese marketplaces, with translation, livestream selling and overseas warehousing.",
            ),
        },
        "request": {
            "zh": (
                "产品想卖到日本网购平台",
                "我们的地方特产想通过网络销售到日本市场，需要运营合作方。",
            ),
            "ja": (
                "中国の特産品をネットで販売したい",
                "中国の地方特産品を日本の消費者に通販で届けたいので、運営の協力会社を探しています。",
            ),
            "en": (
                "Selling regional products online in Japan",
                "We want to sell our regional specialties to Japanese consumers through e-commerce and need an operator.",
            ),
        },
    },
    "auto_parts": {
        "sector": "machinery",
        "kind": "business_offer",
        "industry": "C3670",
        "related": ["mould"],
        "offer": {
            "zh": (
                "汽车零部件精密加工配套",
                "具备IATF16949认证，可为整车厂提供转向节、制动钳等铸件的精密加工配套。",
            ),
            "ja": (
                "自動車部品の精密加工を受託",
                "IATF16949認証を取得しており、ナックルやブレーキキャリパーなど鋳物部品の機械加工を請け負います。",
            ),
            "en": (
                "Precision machining of automotive castings",
                "IATF 16949 certified supplier machining steering knuckles and brake callipers for car makers.",
            ),
        },
        "request": {
            "zh": (
                "整车厂寻找底盘件供应商",
                "新能源车企需要新增底盘零部件的本地供应商，要求具备汽车行业质量体系。",
            ),
            "ja": (
                "シャシー部品のサプライヤーを探しています",
                "EVメーカーがシャシー部品の現地調達先を募集。自動車の品質システムが必要です。",
            ),
            "en": (
                "Car maker seeks chassis parts suppliers",
                "An electric car maker needs local suppliers of chassis components with an automotive quality system.",
            ),
        },
    },
    "mould": {
        "sector": "machinery",
        "kind": "business_offer",
        "industry": "C3525",
        "related": ["auto_parts"],
        "offer": {
            "zh": (
                "精密注塑模具设计制造",
                "专业设计制造家电和汽车内饰用精密注塑模具，交期四十五天。",
            ),
            "ja": (
                "精密射出成形金型の設計製作",
                "家電と自動車内装向けの精密な射出成形金型を設計・製作します。納期は四十五日です。",
            ),
            "en": (
                "Precision injection moulds",
                "Design and manufacture of precision injection moulds for appliances and car interiors, lead time forty-five days.",
            ),
        },
        "request": {
            "zh": (
                "外包塑料件模具开发",
                "家电企业计划外包一批塑料外壳的模具开发，寻找有经验的模具厂。",
            ),
            "ja": (
                "樹脂部品の金型を外注したい",
                "家電メーカーが樹脂ケースの金型開発を外注先に依頼したいと考えています。",
            ),
            "en": (
                "Outsourcing tooling for plastic housings",
                "An appliance maker wants to outsource the tooling for a series of plastic housings.",
            ),
        },
    },
    "elderly_care": {
        "sector": "health",
        "kind": "business_offer",
        "industry": "Q8514",
        "related": ["care_workers"],
        "offer": {
            "zh": (
                "日式养老机构运营管理",
                "输出日式介护服务标准和养老院运营管理经验，可合资设立康养机构。",
            ),
            "ja": (
                "介護施設の運営ノウハウ提供",
                "日本式の介護サービスと高齢者施設の運営ノウハウを提供し、合弁での施設開設も可能です。",
            ),
            "en": (
                "Japanese-style care home management",
                "We bring Japanese care standards and nursing-home management know-how, possibly through a joint venture.",
            ),
        },
        "request": {
            "zh": (
                "寻求养老院运营合作伙伴",
                "市里新建的养老中心希望引进专业的运营团队和护理标准。",
            ),
            "ja": (
                "高齢者施設の運営パートナーを募集",
                "新しく建てた高齢者向け施設の運営チームと介護の基準を導入したいです。",
            ),
            "en": (
                "Operator wanted for a new senior centre",
                "A newly built senior care centre seeks a professional operator and care standards.",
            ),
        },
    },
    # ------------------------------------------------------------------ products
    "kiwi": {
        "sector": "agrifood",
        "kind": "product_supply",
        "industry": "A0152",
        "related": [],
        "offer": {
            "zh": (
                "六盘水红心猕猴桃供应",
                "海拔一千四百米基地种植的红心猕猴桃，糖度高，九月上市，可供鲜果和冷藏储存。",
            ),
            "ja": (
                "レッドキウイの供給",
                "標高千四百メートルの農園で育てたレッドキウイ。糖度が高く、九月から出荷できます。",
            ),
            "en": (
                "Red-flesh kiwifruit supply",
                "Red-flesh kiwi grown at fourteen hundred metres, high sugar content, harvest from September.",
            ),
        },
        "request": {
            "zh": ("采购优质奇异果", "连锁超市需要长期稳定采购奇异果，要求规格统一并可追溯。"),
            "ja": (
                "キウイフルーツを仕入れたい",
                "スーパーチェーンがキウイを継続的に調達したいと考えています。規格の統一とトレーサビリティが条件です。",
            ),
            "en": (
                "Buying kiwi fruit for supermarkets",
                "A supermarket chain wants a steady supply of kiwi fruit of uniform grade with traceability.",
            ),
        },
    },
    "tea": {
        "sector": "agrifood",
        "kind": "product_supply",
        "industry": "A0164",
        "related": [],
        "offer": {
            "zh": ("高山绿茶批发", "贵州高海拔茶园出产的明前绿茶和红茶，有机认证，可定制包装。"),
            "ja": (
                "高山緑茶の卸売",
                "貴州の高地の茶園で採れた新茶の緑茶と紅茶。有機認証があり、包装も相談できます。",
            ),
            "en": (
                "Highland green tea wholesale",
                "Early-spring green tea and black tea from high-altitude gardens in Guizhou, organic certified, custom packing.",
            ),
        },
        "request": {
            "zh": ("采购有机茶叶原料", "日本饮料企业需要采购有机茶叶作为瓶装茶原料。"),
            "ja": (
                "有機茶葉の仕入れ先を探しています",
                "飲料メーカーがペットボトル茶の原料として有機の茶葉を調達したいです。",
            ),
            "en": (
                "Organic tea leaves for bottled drinks",
                "A beverage company needs organic tea leaves as raw material for bottled tea.",
            ),
        },
    },
    "konjac": {
        "sector": "agrifood",
        "kind": "product_supply",
        "industry": "C1391",
        "related": [],
        "offer": {
            "zh": ("魔芋精粉生产供应", "本地种植加工的魔芋精粉，葡甘聚糖含量高，年产量五百吨。"),
            "ja": (
                "こんにゃく精粉を供給",
                "産地で栽培・加工したこんにゃく精粉。グルコマンナンの含有量が高く、年間五百トン生産します。",
            ),
            "en": (
                "Konjac flour producer",
                "Konjac flour grown and milled locally, high glucomannan content, five hundred tonnes a year.",
            ),
        },
        "request": {
            "zh": ("食品厂采购魔芋粉", "食品加工企业需要魔芋粉用于生产魔芋丝和低卡零食。"),
            "ja": (
                "こんにゃく粉を購入したい",
                "食品メーカーがしらたきや低カロリー食品の原料としてこんにゃく粉を探しています。",
            ),
            "en": (
                "Buying konjac powder",
                "A food manufacturer needs konjac powder for noodles and low-calorie snacks.",
            ),
        },
    },
    "chili": {
        "sector": "agrifood",
        "kind": "product_supply",
        "industry": "A0143",
        "related": [],
        "offer": {
            "zh": ("干辣椒产地直供", "遵义朝天椒产地直供，色泽红亮，辣度高，可分级包装。"),
            "ja": (
                "乾燥唐辛子の産地直送",
                "遵義産の唐辛子を乾燥させて産地から直接出荷します。色が鮮やかで辛味が強いです。",
            ),
            "en": (
                "Dried chili peppers direct from the farm",
                "Bright red, very hot dried chillies from Zunyi, graded and packed at origin.",
            ),
        },
        "request": {
            "zh": ("火锅底料厂采购辣椒", "火锅底料生产企业长期采购干辣椒，要求农残检测合格。"),
            "ja": (
                "唐辛子を大量に仕入れたい",
                "調味料メーカーが乾燥唐辛子を継続的に購入したいです。残留農薬検査が必要です。",
            ),
            "en": (
                "Sauce maker buying chilli",
                "A hot-pot sauce maker buys dried chilli all year round; pesticide residue tests required.",
            ),
        },
    },
    "mushrooms": {
        "sector": "agrifood",
        "kind": "product_supply",
        "industry": "A0141",
        "related": [],
        "offer": {
            "zh": ("香菇等食用菌供应", "林下种植的香菇、木耳等食用菌，鲜品和干品均可供应。"),
            "ja": (
                "しいたけなどきのこ類の供給",
                "林の中で栽培したしいたけやきくらげを生と乾燥の両方で供給します。",
            ),
            "en": (
                "Shiitake and other mushrooms",
                "Forest-grown shiitake and wood-ear mushrooms, fresh or dried.",
            ),
        },
        "request": {
            "zh": ("餐饮集团采购菌菇", "餐饮连锁需要稳定供应的干香菇和鲜菌菇。"),
            "ja": (
                "乾しいたけを仕入れたい",
                "外食チェーンが乾しいたけと生のきのこを安定して仕入れたいです。",
            ),
            "en": (
                "Restaurant group buying mushrooms",
                "A restaurant chain needs a steady supply of dried shiitake and fresh mushrooms.",
            ),
        },
    },
    "beef": {
        "sector": "agrifood",
        "kind": "product_supply",
        "industry": "A0311",
        "related": [],
        "offer": {
            "zh": ("草饲肉牛及冷鲜牛肉", "高原草场放牧的肉牛，屠宰分割后冷鲜供应，检疫手续齐全。"),
            "ja": (
                "牧草飼育の牛肉",
                "高原で放牧した肉牛を処理・カットしてチルドで供給します。検疫書類も揃っています。",
            ),
            "en": (
                "Grass-fed beef",
                "Cattle raised on highland pasture, slaughtered and cut, supplied chilled with full quarantine papers.",
            ),
        },
        "request": {
            "zh": ("采购冷鲜牛肉", "连锁餐厅需要每周采购冷鲜牛肉，要求可追溯。"),
            "ja": (
                "チルド牛肉の調達",
                "レストランチェーンが毎週チルドの牛肉を調達したいです。トレーサビリティが条件です。",
            ),
            "en": (
                "Chilled beef wanted weekly",
                "A restaurant chain buys chilled beef every week and needs traceability.",
            ),
        },
    },
    "seafood": {
        "sector": "agrifood",
        "kind": "product_supply",
        "industry": "A0411",
        "related": [],
        "offer": {
            "zh": ("大连海参和扇贝供应", "大连海域养殖的海参和扇贝，可加工成干品或冷冻品出口。"),
            "ja": (
                "大連産ナマコとホタテの供給",
                "大連の海で養殖したナマコとホタテを乾燥品や冷凍品に加工して輸出できます。",
            ),
            "en": (
                "Dalian sea cucumber and scallops",
                "Sea cucumber and scallops farmed off Dalian, processed dried or frozen for export.",
            ),
        },
        "request": {
            "zh": ("进口商采购海产品", "日本贸易公司希望采购冷冻扇贝和干海参。"),
            "ja": (
                "冷凍ホタテと乾燥ナマコを輸入したい",
                "商社が冷凍ホタテと乾燥ナマコの調達先を探しています。",
            ),
            "en": (
                "Importer buying frozen seafood",
                "A trading house wants frozen scallops and dried sea cucumber.",
            ),
        },
    },
    # ------------------------------------------------------------------ jobs
    "welders": {
        "sector": "labour",
        "kind": "job_offer",
        "industry": "C3311",
        "related": ["electricians"],
        "offer": {
            "zh": ("招聘焊工", "钢结构企业招聘持证焊工二十名，包食宿，月薪八千元以上。"),
            "ja": (
                "溶接工を募集",
                "鉄骨メーカーが資格を持つ溶接工を二十名募集します。寮と食事付きです。",
            ),
            "en": (
                "Welders wanted",
                "Steel structure company hiring twenty certified welders, board and lodging provided.",
            ),
        },
        "request": {
            "zh": (
                "劳务合作社输出电焊工",
                "县劳务合作社有一批经过培训的电焊工，希望到东部企业务工。",
            ),
            "ja": (
                "溶接技能者の就職先を探しています",
                "訓練を受けた溶接の技能者グループが、沿海部の企業での仕事を希望しています。",
            ),
            "en": (
                "Trained welders looking for work",
                "A county labour cooperative has a group of trained welders seeking jobs in eastern factories.",
            ),
        },
    },
    "care_workers": {
        "sector": "labour",
        "kind": "job_offer",
        "industry": "Q8514",
        "related": ["elderly_care"],
        "offer": {
            "zh": ("养老院招聘护理员", "大连养老院招聘养老护理员十名，提供岗前培训。"),
            "ja": (
                "介護職員を募集",
                "介護施設が介護スタッフを十名募集します。入職前の研修があります。",
            ),
            "en": (
                "Care home hiring caregivers",
                "A care home is hiring ten caregivers, with training before starting.",
            ),
        },
        "request": {
            "zh": ("护理专业毕业生求职", "职业学校护理专业毕业生希望从事养老护理工作。"),
            "ja": (
                "介護の仕事を希望",
                "看護・介護を学んだ卒業生が高齢者介護の仕事を探しています。",
            ),
            "en": (
                "Nursing graduates seeking care jobs",
                "Vocational school nursing graduates are looking for jobs in elderly care.",
            ),
        },
    },
    "electricians": {
        "sector": "labour",
        "kind": "job_offer",
        "industry": "E4910",
        "related": ["welders"],
        "offer": {
            "zh": ("招聘维修电工", "工厂招聘持低压电工证的维修电工五名，负责设备电气维护。"),
            "ja": (
                "電気保全スタッフ募集",
                "工場で設備の電気保全を担当する電気工事士を五名募集します。",
            ),
            "en": (
                "Maintenance electricians wanted",
                "Factory hiring five licensed electricians for equipment electrical maintenance.",
            ),
        },
        "request": {
            "zh": ("持证电工求职", "有五年经验的电工，持高压和低压证，寻找工厂岗位。"),
            "ja": (
                "電気技術者として就職希望",
                "電気工事の経験五年、資格ありで、工場での仕事を探しています。",
            ),
            "en": (
                "Licensed electrician seeking a job",
                "Electrician with five years' experience and licences, looking for a factory position.",
            ),
        },
    },
    "drivers": {
        "sector": "labour",
        "kind": "job_offer",
        "industry": "G5430",
        "related": [],
        "offer": {
            "zh": ("物流公司招聘货车司机", "招聘持A2驾照的货车司机十五名，跑大连至沈阳线路。"),
            "ja": (
                "トラック運転手を募集",
                "大型免許を持つトラックドライバーを十五名募集。大連と瀋陽の間を運行します。",
            ),
            "en": (
                "Truck drivers wanted",
                "Logistics firm hiring fifteen heavy-goods truck drivers for the Dalian–Shenyang route.",
            ),
        },
        "request": {
            "zh": ("驾驶员求职", "有十年货运驾驶经验的司机寻找稳定工作。"),
            "ja": (
                "ドライバーの仕事を探しています",
                "運送の運転経験十年のドライバーが安定した仕事を希望しています。",
            ),
            "en": (
                "Experienced driver seeks work",
                "Driver with ten years of freight experience looking for steady work.",
            ),
        },
    },
    "cooks": {
        "sector": "labour",
        "kind": "job_offer",
        "industry": "H6210",
        "related": [],
        "offer": {
            "zh": ("日料店招聘厨师", "日本料理店招聘厨师三名，可学习寿司和日式料理。"),
            "ja": ("調理師を募集", "和食レストランが調理師を三名募集。寿司や和食を学べます。"),
            "en": (
                "Chefs wanted at a Japanese restaurant",
                "Japanese restaurant hiring three cooks, training in sushi and Japanese cuisine.",
            ),
        },
        "request": {
            "zh": ("厨师求职", "中餐厨师有八年经验，希望到餐厅工作。"),
            "ja": (
                "料理人として働きたい",
                "中華料理の経験八年の料理人が、レストランでの仕事を探しています。",
            ),
            "en": (
                "Cook looking for a kitchen job",
                "Chinese-cuisine chef with eight years' experience looking for a restaurant job.",
            ),
        },
    },
    # ------------------------------------------------------------------ finance
    "leasing": {
        "sector": "finance",
        "kind": "financing_offer",
        "industry": "J6631",
        "related": ["green_loan"],
        "offer": {
            "zh": ("设备融资租赁", "为制造企业提供生产设备的融资租赁，期限三至五年，可售后回租。"),
            "ja": (
                "設備のファイナンスリース",
                "製造業向けに生産設備のリースを提供します。期間は三年から五年、セール・アンド・リースバックも可能です。",
            ),
            "en": (
                "Equipment finance leases",
                "Finance leases for production equipment over three to five years, sale-and-leaseback available.",
            ),
        },
        "request": {
            "zh": (
                "购置生产线需要租赁资金",
                "企业计划新增一条自动化生产线，希望以租赁方式解决设备资金。",
            ),
            "ja": (
                "新ラインの設備資金をリースで",
                "自動化ラインを新設する予定で、設備資金をリースで手当てしたいです。",
            ),
            "en": (
                "Lease financing for a new line",
                "A company adding an automated production line wants to finance the machines by leasing.",
            ),
        },
    },
    "green_loan": {
        "sector": "finance",
        "kind": "financing_offer",
        "industry": "J6621",
        "related": ["leasing"],
        "offer": {
            "zh": (
                "绿色信贷支持节能减排项目",
                "银行为光伏、节能改造等低碳项目提供优惠利率的绿色贷款。",
            ),
            "ja": (
                "脱炭素プロジェクト向けグリーンローン",
                "銀行が太陽光発電や省エネ改修などの脱炭素案件に優遇金利のグリーンローンを提供します。",
            ),
            "en": (
                "Green loans for low-carbon projects",
                "A bank offers green loans at preferential rates for solar and energy-efficiency retrofits.",
            ),
        },
        "request": {
            "zh": ("节能改造项目融资", "工厂余热回收和节能改造项目需要银行贷款支持。"),
            "ja": ("省エネ改修の資金調達", "工場の排熱回収と省エネ改修に銀行融資を受けたいです。"),
            "en": (
                "Financing an energy-efficiency retrofit",
                "A plant needs a bank loan for waste-heat recovery and energy-saving upgrades.",
            ),
        },
    },
    "venture_capital": {
        "sector": "finance",
        "kind": "financing_offer",
        "industry": "J6760",
        "related": [],
        "offer": {
            "zh": ("产业基金股权投资", "专注新能源和高端制造的产业基金，单笔投资两千万至一亿元。"),
            "ja": (
                "成長企業への出資",
                "新エネルギーと先端製造に特化したファンドで、一件あたり数億円を出資します。",
            ),
            "en": (
                "Equity for growth companies",
                "An industry fund investing equity in new energy and advanced manufacturing, twenty to one hundred million yuan per deal.",
            ),
        },
        "request": {
            "zh": ("科技企业寻求A轮融资", "氢能初创企业寻求A轮股权融资，用于扩大产能。"),
            "ja": (
                "スタートアップが出資者を募集",
                "水素関連のスタートアップが生産拡大のためシリーズAの出資者を探しています。",
            ),
            "en": (
                "Start-up raising a Series A",
                "A hydrogen start-up is raising a Series A equity round to expand capacity.",
            ),
        },
    },
    "factoring": {
        "sector": "finance",
        "kind": "financing_offer",
        "industry": "J6639",
        "related": [],
        "offer": {
            "zh": ("应收账款保理服务", "为供应商提供应收账款保理和供应链金融，最快三天放款。"),
            "ja": (
                "売掛債権のファクタリング",
                "サプライヤー向けに売掛金のファクタリングとサプライチェーンファイナンスを提供します。",
            ),
            "en": (
                "Receivables factoring",
                "Factoring of receivables and supply chain finance for suppliers, funds within three days.",
            ),
        },
        "request": {
            "zh": ("供应商回款周期长需融资", "我们给大企业供货，账期九十天，需要应收账款融资。"),
            "ja": (
                "売掛金の資金化をしたい",
                "大手への納品の支払いサイトが九十日と長く、売掛金を早く資金化したいです。",
            ),
            "en": (
                "Cash tied up in receivables",
                "We supply large buyers on ninety-day terms and need financing against our invoices.",
            ),
        },
    },
    # ------------------------------------------------------------------ sites
    "factory_building": {
        "sector": "sites",
        "kind": "site_offer",
        "industry": "K7010",
        "related": ["industrial_land"],
        "offer": {
            "zh": (
                "标准厂房出租",
                "开发区内一万平方米标准厂房，层高八米，配套行车和变电站，可整租或分租。",
            ),
            "ja": (
                "貸工場あり",
                "開発区内に一万平方メートルの貸工場があります。天井高八メートル、クレーンと変電設備付き。",
            ),
            "en": (
                "Standard factory building to let",
                "Ten thousand square metres of standard factory space in the development zone, eight-metre height, cranes and substation.",
            ),
        },
        "request": {
            "zh": (
                "日资企业寻找厂房设厂",
                "日本零部件企业计划在华设厂，需要五千平方米左右的现成厂房。",
            ),
            "ja": (
                "中国での工場進出、建屋を探しています",
                "部品メーカーが中国に工場を新設する計画で、五千平方メートル程度の既存の工場建屋を探しています。",
            ),
            "en": (
                "Japanese supplier looking for a plant",
                "A Japanese parts maker planning a plant in China needs a ready-built factory of about five thousand square metres.",
            ),
        },
    },
    "industrial_land": {
        "sector": "sites",
        "kind": "site_offer",
        "industry": "K7010",
        "related": ["factory_building"],
        "offer": {
            "zh": (
                "工业用地招商",
                "园区有一百五十亩工业用地，七通一平，适合新能源和装备制造项目。",
            ),
            "ja": (
                "工業用地を分譲",
                "産業団地に約十ヘクタールの工業用地があり、インフラ整備済みで新エネルギーや装置製造に適しています。",
            ),
            "en": (
                "Serviced industrial land",
                "One hundred and fifty mu of serviced industrial land in the park, suited to new energy and equipment projects.",
            ),
        },
        "request": {
            "zh": ("投资项目需要用地", "计划投资十亿元建设电池材料工厂，需要约一百亩土地。"),
            "ja": (
                "新工場の用地を探しています",
                "電池材料の工場を建設するため、約七ヘクタールの用地を探しています。",
            ),
            "en": (
                "Land needed for a new plant",
                "An investor planning a battery-materials plant needs about seven hectares of land.",
            ),
        },
    },
    "office_space": {
        "sector": "sites",
        "kind": "site_offer",
        "industry": "K7040",
        "related": [],
        "offer": {
            "zh": ("甲级写字楼招租", "金融中心甲级写字楼，面积二百至二千平方米，可提供免租期。"),
            "ja": (
                "オフィス賃貸",
                "金融街のAクラスオフィス、二百から二千平方メートル、フリーレント期間あり。",
            ),
            "en": (
                "Grade-A office space",
                "Grade-A offices in the financial centre, two hundred to two thousand square metres, rent-free period available.",
            ),
        },
        "request": {
            "zh": ("外企设立代表处找办公室", "日本银行拟设立代表处，需要三百平方米办公室。"),
            "ja": (
                "駐在員事務所の物件を探しています",
                "銀行が駐在員事務所を開設するため、三百平方メートルの事務所を探しています。",
            ),
            "en": (
                "Representative office needs space",
                "A Japanese bank opening a representative office needs about three hundred square metres.",
            ),
        },
    },
}
