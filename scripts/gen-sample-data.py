#!/usr/bin/env python3
"""Generates the sample seed SQL for the healthcare and finance policies.

    python3 scripts/gen-sample-data.py            # rewrites policies/sample/{healthcare,finance}.sql

Everything is fictitious but shaped like real Chinese personal data, so the masks and the leak
oracle run against realistic values:

* 18-character resident IDs (GB 11643-1999): real county-level area codes, valid birth dates equal
  to the birth_date column, sequence parity matching the gender column, ISO 7064 MOD 11-2 check.
* Mobile numbers with prefixes 13x/15x/18x/19x.
* Bank cards with real-looking BINs (622202 ICBC, 621700 CCB, 436742 CCB Visa, ...) and a Luhn
  check digit.
* Names with compound surnames (欧阳, 司马, 诸葛, ...) and names with a middle dot.

The output is deterministic (fixed seed, no clock, no environment): re-running the script on an
unchanged script gives byte-identical files, so a diff of the .sql files shows exactly what a change
to this script did. Python 3 standard library only.

Identifying values (names, IDs, mobiles, emails, cards, record numbers) are checked to be unique, and
no value of a masked character column may occur inside any value a masked login can see: a leak test
that searches results for raw values must never find one by coincidence (e.g. a patient called 朝阳
inside '北京市朝阳区').
"""

from __future__ import annotations

import datetime as dt
import os
import random
import sys

SEED = 20261001
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT_DIR = os.path.join(ROOT, "policies", "sample")

# Login roles the policies name (policies/*.yaml). Demo passwords: the sample database is throwaway.
ROLES = [
    ("analyst", "analyst_pass", "masked by every rule"),
    ("auditor", "auditor_pass", "exempt: sees raw data, still audited"),
    ("support", "support_pass", "masked, but unmasked for contact details by per-rule unmask"),
    ("dba", "dba_pass", "exempt: sees raw data, still audited"),
]

# ---------------------------------------------------------------------------------------------------
# Reference data
# ---------------------------------------------------------------------------------------------------

# County-level area codes (GB/T 2260) with the address prefix and a few real streets of the district.
REGIONS = [
    ("110101", "北京市", "东城区", ["东四北大街", "王府井大街", "安定门外大街", "朝阳门北大街"]),
    ("110105", "北京市", "朝阳区", ["建国路", "望京街", "朝阳北路", "东三环中路"]),
    ("110108", "北京市", "海淀区", ["中关村大街", "学院路", "知春路", "苏州街"]),
    ("120101", "天津市", "和平区", ["南京路", "滨江道", "营口道"]),
    ("310101", "上海市", "黄浦区", ["南京东路", "淮海中路", "西藏中路"]),
    ("310104", "上海市", "徐汇区", ["漕溪北路", "肇嘉浜路", "天钥桥路"]),
    ("310115", "上海市", "浦东新区", ["世纪大道", "张杨路", "陆家嘴环路", "锦绣路"]),
    ("500103", "重庆市", "渝中区", ["民族路", "中山一路", "解放西路"]),
    ("440103", "广东省广州市", "荔湾区", ["中山八路", "龙津西路", "芳村大道"]),
    ("440106", "广东省广州市", "天河区", ["天河路", "体育西路", "黄埔大道西"]),
    ("440304", "广东省深圳市", "福田区", ["深南大道", "福华路", "益田路"]),
    ("440305", "广东省深圳市", "南山区", ["科技园南路", "南海大道", "后海大道"]),
    ("330102", "浙江省杭州市", "上城区", ["解放路", "延安路", "清泰街"]),
    ("330106", "浙江省杭州市", "西湖区", ["文三路", "天目山路", "古墩路"]),
    ("320102", "江苏省南京市", "玄武区", ["中山路", "珠江路", "北京东路"]),
    ("320106", "江苏省南京市", "鼓楼区", ["中山北路", "湖南路", "广州路"]),
    ("510104", "四川省成都市", "锦江区", ["春熙路", "红星路", "东大街"]),
    ("510107", "四川省成都市", "武侯区", ["人民南路四段", "科华北路", "武侯祠大街"]),
    ("420102", "湖北省武汉市", "江岸区", ["解放大道", "沿江大道", "胜利街"]),
    ("420106", "湖北省武汉市", "武昌区", ["中南路", "中北路", "武珞路"]),
    ("610113", "陕西省西安市", "雁塔区", ["长安南路", "小寨东路", "科技路"]),
    ("370102", "山东省济南市", "历下区", ["泉城路", "经十路", "解放路"]),
    ("370202", "山东省青岛市", "市南区", ["香港中路", "中山路", "山东路"]),
    ("210102", "辽宁省沈阳市", "和平区", ["太原街", "中华路", "南京南街"]),
    ("430102", "湖南省长沙市", "芙蓉区", ["五一大道", "韶山北路", "八一路"]),
    ("350203", "福建省厦门市", "思明区", ["中山路", "湖滨南路", "厦禾路"]),
    ("530102", "云南省昆明市", "五华区", ["东风西路", "青年路", "人民中路"]),
    ("410105", "河南省郑州市", "金水区", ["花园路", "金水路", "经三路"]),
    ("340104", "安徽省合肥市", "蜀山区", ["长江西路", "黄山路", "潜山路"]),
    ("650102", "新疆维吾尔自治区乌鲁木齐市", "天山区", ["解放南路", "新华北路"]),
]
XINJIANG = "650102"

SURNAMES = [
    ("王", "wang"), ("李", "li"), ("张", "zhang"), ("刘", "liu"), ("陈", "chen"), ("杨", "yang"),
    ("黄", "huang"), ("赵", "zhao"), ("吴", "wu"), ("周", "zhou"), ("徐", "xu"), ("孙", "sun"),
    ("马", "ma"), ("朱", "zhu"), ("胡", "hu"), ("郭", "guo"), ("何", "he"), ("高", "gao"),
    ("林", "lin"), ("罗", "luo"), ("郑", "zheng"), ("梁", "liang"), ("谢", "xie"), ("宋", "song"),
    ("唐", "tang"), ("韩", "han"), ("冯", "feng"), ("邓", "deng"), ("曹", "cao"), ("彭", "peng"),
    ("曾", "zeng"), ("田", "tian"), ("董", "dong"), ("潘", "pan"), ("袁", "yuan"), ("蔡", "cai"),
    ("蒋", "jiang"), ("余", "yu"), ("杜", "du"), ("叶", "ye"), ("程", "cheng"), ("魏", "wei"),
    ("苏", "su"), ("吕", "lv"), ("丁", "ding"), ("任", "ren"), ("卢", "lu"), ("姚", "yao"),
    ("沈", "shen"), ("钟", "zhong"), ("崔", "cui"), ("谭", "tan"), ("陆", "lu"), ("范", "fan"),
    ("廖", "liao"), ("石", "shi"), ("贾", "jia"), ("夏", "xia"), ("方", "fang"), ("邹", "zou"),
    ("熊", "xiong"), ("白", "bai"), ("孟", "meng"), ("秦", "qin"), ("邱", "qiu"), ("侯", "hou"),
    ("薛", "xue"), ("段", "duan"), ("雷", "lei"), ("龙", "long"), ("史", "shi"), ("陶", "tao"),
    ("贺", "he"), ("毛", "mao"), ("郝", "hao"), ("顾", "gu"), ("龚", "gong"), ("邵", "shao"),
    ("钱", "qian"), ("戴", "dai"), ("严", "yan"), ("孔", "kong"), ("常", "chang"),
]
COMPOUND_SURNAMES = [
    ("欧阳", "ouyang"), ("司马", "sima"), ("诸葛", "zhuge"), ("上官", "shangguan"), ("东方", "dongfang"),
    ("皇甫", "huangfu"), ("尉迟", "yuchi"), ("公孙", "gongsun"), ("慕容", "murong"), ("长孙", "zhangsun"),
    ("宇文", "yuwen"), ("司徒", "situ"), ("夏侯", "xiahou"), ("令狐", "linghu"),
]
GIVEN_MALE = [
    ("伟", "wei"), ("强", "qiang"), ("磊", "lei"), ("军", "jun"), ("洋", "yang"), ("勇", "yong"),
    ("杰", "jie"), ("涛", "tao"), ("明", "ming"), ("超", "chao"), ("鹏", "peng"), ("浩", "hao"),
    ("宇", "yu"), ("轩", "xuan"), ("博", "bo"), ("斌", "bin"), ("建", "jian"), ("峰", "feng"),
    ("辉", "hui"), ("俊", "jun"), ("志", "zhi"), ("凯", "kai"), ("睿", "rui"), ("晨", "chen"),
    ("刚", "gang"), ("亮", "liang"), ("宏", "hong"), ("海", "hai"), ("毅", "yi"), ("德", "de"),
]
GIVEN_FEMALE = [
    ("芳", "fang"), ("娜", "na"), ("敏", "min"), ("静", "jing"), ("丽", "li"), ("艳", "yan"),
    ("娟", "juan"), ("霞", "xia"), ("婷", "ting"), ("雪", "xue"), ("慧", "hui"), ("琳", "lin"),
    ("颖", "ying"), ("倩", "qian"), ("欣", "xin"), ("怡", "yi"), ("萍", "ping"), ("玲", "ling"),
    ("燕", "yan"), ("秀", "xiu"), ("梅", "mei"), ("兰", "lan"), ("佳", "jia"), ("悦", "yue"),
    ("璐", "lu"), ("晴", "qing"), ("雯", "wen"), ("瑶", "yao"), ("思", "si"), ("蕾", "lei"),
]
# Uyghur names are written given name · father's name.
DOTTED_NAMES = [
    ("阿依古丽·艾买提", "ayiguli.aimaiti", "F"),
    ("买买提·吐尔逊", "maimaiti.tuerxun", "M"),
    ("古丽娜尔·热合曼", "gulinaer.rehemane", "F"),
    ("艾尔肯·阿不都", "aierken.abudu", "M"),
]

EMAIL_DOMAINS = ["example.com", "example.cn", "example.org", "example.net", "mail.example.cn"]

MOBILE_PREFIXES = [
    "130", "131", "132", "133", "134", "135", "136", "137", "138", "139",
    "150", "151", "152", "153", "155", "156", "157", "158", "159",
    "180", "181", "182", "183", "184", "185", "186", "187", "188", "189",
    "191", "193", "195", "196", "197", "198", "199",
]

# (BIN, issuer, card length, account type)
CARD_BINS = [
    ("622202", "中国工商银行", 19, "debit"),
    ("621700", "中国建设银行", 19, "debit"),
    ("436742", "中国建设银行", 16, "credit"),
    ("622848", "中国农业银行", 19, "debit"),
    ("621661", "中国银行", 19, "debit"),
    ("622588", "招商银行", 16, "credit"),
    ("621483", "招商银行", 16, "debit"),
    ("622260", "交通银行", 19, "debit"),
]

DEPARTMENTS = {
    "心内科": {
        "diagnoses": [("I10", "原发性高血压"), ("I25.1", "动脉粥样硬化性心脏病"), ("I48.9", "心房颤动")],
        "complaints": ["头晕、头痛3天", "胸闷、心悸1周", "活动后气短半月"],
        "drugs": [("苯磺酸氨氯地平片", "5mg 每日一次", 28, 1.20), ("阿托伐他汀钙片", "20mg 每晚一次", 28, 2.35),
                  ("阿司匹林肠溶片", "100mg 每日一次", 30, 0.45)],
    },
    "内分泌科": {
        "diagnoses": [("E11.9", "2型糖尿病"), ("E03.9", "甲状腺功能减退症"), ("E78.5", "高脂血症")],
        "complaints": ["多饮、多尿2月", "乏力、怕冷3月", "体检发现血脂升高"],
        "drugs": [("盐酸二甲双胍片", "0.5g 每日三次", 60, 0.32), ("左甲状腺素钠片", "50μg 每日一次", 30, 0.95),
                  ("瑞舒伐他汀钙片", "10mg 每晚一次", 28, 2.10)],
    },
    "呼吸内科": {
        "diagnoses": [("J18.9", "社区获得性肺炎"), ("J45.9", "支气管哮喘"), ("J44.9", "慢性阻塞性肺疾病")],
        "complaints": ["咳嗽、咳痰1周", "反复喘息5年，加重3天", "发热伴咳嗽2天"],
        "drugs": [("头孢呋辛酯片", "0.25g 每日两次", 14, 3.60), ("布地奈德福莫特罗吸入剂", "1吸 每日两次", 1, 186.00),
                  ("氨溴索口服溶液", "10ml 每日三次", 1, 28.50)],
    },
    "消化内科": {
        "diagnoses": [("K29.7", "慢性胃炎"), ("K21.9", "胃食管反流病"), ("K76.0", "非酒精性脂肪肝")],
        "complaints": ["上腹痛1月", "反酸、烧心2周", "体检发现肝功能异常"],
        "drugs": [("奥美拉唑肠溶胶囊", "20mg 每日一次", 14, 1.85), ("铝碳酸镁咀嚼片", "1g 每日三次", 36, 0.60),
                  ("多烯磷脂酰胆碱胶囊", "456mg 每日三次", 36, 1.95)],
    },
    "神经内科": {
        "diagnoses": [("G43.9", "偏头痛"), ("I63.9", "脑梗死"), ("G47.0", "失眠症")],
        "complaints": ["反复头痛2年", "右侧肢体无力1天", "入睡困难3月"],
        "drugs": [("佐米曲普坦片", "2.5mg 必要时", 6, 12.80), ("氯吡格雷片", "75mg 每日一次", 28, 3.10),
                  ("右佐匹克隆片", "2mg 睡前", 14, 2.75)],
    },
    "骨科": {
        "diagnoses": [("M51.2", "腰椎间盘突出症"), ("S52.5", "桡骨远端骨折"), ("M17.9", "膝关节骨关节炎")],
        "complaints": ["腰痛伴左下肢麻木2周", "摔伤致右腕肿痛2小时", "双膝疼痛1年"],
        "drugs": [("塞来昔布胶囊", "200mg 每日一次", 10, 4.20), ("洛索洛芬钠片", "60mg 每日三次", 18, 1.10),
                  ("氨基葡萄糖胶囊", "0.5g 每日三次", 60, 1.35)],
    },
    "儿科": {
        "diagnoses": [("J06.9", "急性上呼吸道感染"), ("A09.9", "感染性腹泻"), ("J20.9", "急性支气管炎")],
        "complaints": ["发热1天", "腹泻3天", "咳嗽4天"],
        "drugs": [("布洛芬混悬液", "5ml 必要时", 1, 16.80), ("蒙脱石散", "1袋 每日三次", 9, 1.40),
                  ("小儿肺热咳喘颗粒", "1袋 每日三次", 9, 2.20)],
    },
    "妇产科": {
        "diagnoses": [("Z34.9", "正常妊娠监督"), ("N76.0", "急性阴道炎"), ("N92.0", "月经过多")],
        "complaints": ["停经12周，产检", "外阴瘙痒3天", "月经量增多半年"],
        "drugs": [("叶酸片", "0.4mg 每日一次", 30, 0.25), ("甲硝唑阴道泡腾片", "0.2g 每晚一次", 7, 2.05),
                  ("氨甲环酸片", "0.5g 每日三次", 15, 1.75)],
    },
    "皮肤科": {
        "diagnoses": [("L20.9", "特应性皮炎"), ("L70.0", "寻常痤疮"), ("B35.4", "体癣")],
        "complaints": ["皮肤瘙痒1月", "面部丘疹半年", "躯干环形红斑2周"],
        "drugs": [("丁酸氢化可的松乳膏", "外用 每日两次", 1, 18.60), ("阿达帕林凝胶", "外用 每晚一次", 1, 39.00),
                  ("特比萘芬乳膏", "外用 每日一次", 1, 15.40)],
    },
    "眼科": {
        "diagnoses": [("H52.1", "近视"), ("H25.9", "老年性白内障"), ("H10.9", "结膜炎")],
        "complaints": ["视物模糊1年", "视力下降2年", "眼红、眼痒3天"],
        "drugs": [("玻璃酸钠滴眼液", "1滴 每日四次", 1, 32.00), ("左氧氟沙星滴眼液", "1滴 每日四次", 1, 21.50),
                  ("吡诺克辛滴眼液", "1滴 每日三次", 1, 17.90)],
    },
    "急诊科": {
        "diagnoses": [("T78.4", "过敏反应"), ("S06.0", "脑震荡"), ("R10.4", "腹痛")],
        "complaints": ["进食海鲜后全身皮疹1小时", "头部外伤后头晕2小时", "腹痛6小时"],
        "drugs": [("氯雷他定片", "10mg 每日一次", 6, 1.55), ("甲钴胺片", "0.5mg 每日三次", 20, 0.85),
                  ("颠茄片", "10mg 必要时", 6, 0.40)],
    },
    "普通外科": {
        "diagnoses": [("K35.8", "急性阑尾炎"), ("K80.2", "胆囊结石"), ("K40.9", "腹股沟疝")],
        "complaints": ["转移性右下腹痛1天", "右上腹痛反复发作1年", "右侧腹股沟包块2月"],
        "drugs": [("头孢曲松钠注射液", "2g 每日一次", 3, 24.00), ("熊去氧胆酸胶囊", "250mg 每日两次", 28, 3.30),
                  ("对乙酰氨基酚片", "0.5g 必要时", 10, 0.30)],
    },
}
VISIT_NOTES = [
    "建议低盐低脂饮食，3个月后复诊", "嘱规律用药，监测血压", "完善相关检查后复诊", "症状缓解，继续观察",
    "患者拒绝住院，已告知风险", "转上级医院进一步诊治", "嘱多饮水，注意休息", "2周后门诊复查",
]
DOCTOR_TITLES = ["主任医师", "副主任医师", "主治医师", "住院医师"]
BLOOD_TYPES = ["A+", "B+", "O+", "AB+", "A-", "O-"]

MERCHANTS = ["美团外卖", "京东商城", "中国石化加油站", "盒马鲜生", "国家电网电费", "滴滴出行", "携程旅行", "物业管理处"]
MEMOS = ["房租", "货款", "生活费", "还信用卡", "工资", "报销款", "学费", "借款归还", "红包", "水电费"]
BANK_DEPARTMENTS = [
    ("零售银行部", ["客户经理", "理财经理", "柜员"]),
    ("公司银行部", ["客户经理", "产品经理"]),
    ("风险管理部", ["风险分析师", "合规专员"]),
    ("信息科技部", ["开发工程师", "数据库管理员", "运维工程师"]),
    ("运营管理部", ["运营专员", "清算专员"]),
    ("人力资源部", ["招聘专员", "薪酬专员"]),
]

# ---------------------------------------------------------------------------------------------------
# Checksums
# ---------------------------------------------------------------------------------------------------

ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
ID_CHECK = "10X98765432"


def id_check_char(first17: str) -> str:
    """GB 11643 check character (ISO 7064 MOD 11-2)."""
    return ID_CHECK[sum(int(c) * w for c, w in zip(first17, ID_WEIGHTS)) % 11]


def luhn_check_digit(body: str) -> str:
    """The digit that makes body + digit pass Luhn."""
    total = 0
    for i, c in enumerate(reversed(body)):
        d = int(c)
        if i % 2 == 0:  # these positions are doubled once the check digit is appended
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return str((10 - total % 10) % 10)


def luhn_ok(number: str) -> bool:
    total = 0
    for i, c in enumerate(reversed(number)):
        d = int(c)
        if i % 2 == 1:
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return total % 10 == 0


# Known answers from REFERENCE.md, so a broken checksum cannot silently produce a whole data set.
assert id_check_char("11010519491231002") == "X"
assert id_check_char("11010119900307123") == "3"
assert luhn_ok("4111111111111111") and luhn_check_digit("411111111111111") == "1"

# ---------------------------------------------------------------------------------------------------
# Generators
# ---------------------------------------------------------------------------------------------------


class Faker:
    """Deterministic generator of unique personal data."""

    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        self.names: set[str] = set()
        self.ids: set[str] = set()
        self.mobiles: set[str] = set()
        self.emails: set[str] = set()
        self.cards: set[str] = set()

    def choice(self, seq):
        return self.rng.choice(seq)

    def person_name(self, gender: str, compound: bool = False, surname: tuple[str, str] | None = None) -> tuple[str, str, str]:
        """(name, surname pinyin, given pinyin); unique and never a substring of another name."""
        fixed = surname
        while True:
            surname, surname_py = fixed or self.choice(COMPOUND_SURNAMES if compound else SURNAMES)
            pool = GIVEN_MALE if gender == "M" else GIVEN_FEMALE
            parts = [self.choice(pool) for _ in range(1 if self.rng.random() < 0.35 else 2)]
            name = surname + "".join(p[0] for p in parts)
            given_py = "".join(p[1] for p in parts)
            if len(parts) == 2 and parts[0][0] == parts[1][0]:
                continue  # 叠字 names exist but make substring checks noisy
            if name in self.names or any(name in n or n in name for n in self.names):
                continue
            self.names.add(name)
            return name, surname_py, given_py

    def dotted_name(self, index: int) -> tuple[str, str, str]:
        name, pinyin, gender = DOTTED_NAMES[index]
        assert name not in self.names
        self.names.add(name)
        return name, pinyin, gender

    def birth_date(self, first_year: int, last_year: int) -> dt.date:
        start = dt.date(first_year, 1, 1).toordinal()
        end = dt.date(last_year, 12, 31).toordinal()
        return dt.date.fromordinal(self.rng.randint(start, end))

    def resident_id(self, region: str, birth: dt.date, gender: str) -> str:
        while True:
            sequence = self.rng.randrange(0, 1000)
            if (sequence % 2 == 1) != (gender == "M"):
                sequence = (sequence + 1) % 1000
            first17 = f"{region}{birth:%Y%m%d}{sequence:03d}"
            value = first17 + id_check_char(first17)
            if value not in self.ids:
                self.ids.add(value)
                return value

    def mobile(self) -> str:
        while True:
            value = self.choice(MOBILE_PREFIXES) + f"{self.rng.randrange(0, 10**8):08d}"
            if value not in self.mobiles:
                self.mobiles.add(value)
                return value

    def email(self, surname_py: str, given_py: str, birth: dt.date | None, domain: str | None = None) -> str:
        while True:
            style = self.rng.randrange(4)
            if style == 0:
                local = f"{given_py}.{surname_py}"
            elif style == 1:
                local = f"{surname_py}{given_py}{birth.year % 100:02d}" if birth else f"{surname_py}{given_py}"
            elif style == 2:
                local = f"{surname_py}_{given_py}{self.rng.randrange(1, 1000)}"
            else:
                local = f"{surname_py[0]}{given_py}{self.rng.randrange(10, 100)}"
            value = f"{local}@{domain or self.choice(EMAIL_DOMAINS)}"
            if value not in self.emails:
                self.emails.add(value)
                return value

    def card(self, bin_entry=None) -> tuple[str, tuple]:
        while True:
            entry = bin_entry or self.choice(CARD_BINS)
            bin_, _, length, _ = entry
            body = bin_ + "".join(str(self.rng.randrange(10)) for _ in range(length - len(bin_) - 1))
            value = body + luhn_check_digit(body)
            if value not in self.cards:
                self.cards.add(value)
                return value, entry

    def address(self, region_code: str) -> str:
        _, prefix, district, streets = next(r for r in REGIONS if r[0] == region_code)
        street = self.choice(streets)
        number = self.rng.randint(1, 399)
        style = self.rng.randrange(3)
        if style == 0:
            detail = f"{self.rng.randint(1, 30)}栋{self.rng.randint(1, 4)}单元{self.rng.randint(1, 32)}{self.rng.randint(1, 4):02d}室"
        elif style == 1:
            detail = f"{self.rng.randint(1, 12)}号楼{self.rng.randint(1, 28)}{self.rng.randint(1, 6):02d}室"
        else:
            detail = f"{self.rng.randint(1, 9)}号院{self.rng.randint(1, 20)}号楼{self.rng.randint(1, 3)}单元{self.rng.randint(101, 2404)}"
        return f"{prefix}{district}{street}{number}号{detail}"

    def timestamp(self, start: dt.datetime, end: dt.datetime, business_hours: bool = True) -> dt.datetime:
        seconds = int((end - start).total_seconds())
        while True:
            value = start + dt.timedelta(seconds=self.rng.randrange(seconds))
            if not business_hours or 8 <= value.hour < 18:
                return value


# ---------------------------------------------------------------------------------------------------
# SQL output
# ---------------------------------------------------------------------------------------------------


def sql_value(value) -> str:
    if value is None:
        return "NULL"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return f"{value:.2f}"
    if isinstance(value, dt.datetime):
        text = value.strftime("%Y-%m-%d %H:%M:%S")
        return f"'{text}+08'" if value.tzinfo else f"'{text}'"
    if isinstance(value, dt.date):
        return f"'{value:%Y-%m-%d}'"
    text = str(value)
    assert "\\" not in text and "\0" not in text
    return "'" + text.replace("'", "''") + "'"


def insert(table: str, columns: list[str], rows: list[tuple]) -> str:
    lines = [f"INSERT INTO {table} ({', '.join(columns)}) VALUES"]
    for i, row in enumerate(rows):
        assert len(row) == len(columns), (table, row)
        end = ";" if i == len(rows) - 1 else ","
        lines.append("    (" + ", ".join(sql_value(v) for v in row) + ")" + end)
    return "\n".join(lines) + "\n"


class Tz8(dt.tzinfo):
    """UTC+8 without depending on zoneinfo data."""

    def utcoffset(self, _):
        return dt.timedelta(hours=8)

    def dst(self, _):
        return dt.timedelta(0)

    def tzname(self, _):
        return "+08"


TZ8 = Tz8()


def roles_block() -> str:
    values = ",\n".join(f"        ('{name}', '{password}')" for name, password, _ in ROLES)
    notes = "\n".join(f"--   {name:<8} {note}" for name, _, note in ROLES)
    return f"""-- Login roles the policy names (created once per cluster; an existing role keeps its password):
{notes}
-- Passwords are demo values (<login>_pass): this database is throwaway sample data.
DO $roles$
DECLARE
    r record;
BEGIN
    FOR r IN SELECT * FROM (VALUES
{values}
    ) AS v(name, password) LOOP
        IF EXISTS (SELECT 1 FROM pg_catalog.pg_roles WHERE rolname = r.name) THEN
            RAISE NOTICE 'role % already exists; keeping it', r.name;
        ELSE
            EXECUTE format('CREATE ROLE %I LOGIN PASSWORD %L', r.name, r.password);
        END IF;
    END LOOP;
END
$roles$;
"""


def header(title: str, policy: str) -> str:
    return f"""-- {title}
-- Generated by scripts/gen-sample-data.py (seed {SEED}); edit the script and re-run it, not this file.
-- Covered by {policy}. All persons, numbers and addresses are fictitious: resident IDs carry valid
-- GB 11643 check characters, bank cards pass Luhn, mobiles use real prefixes.
-- Idempotent: drops and recreates the schema; run as a superuser, e.g.
--   psql -v ON_ERROR_STOP=1 -d app -f {os.path.relpath(os.path.join(OUT_DIR, os.path.basename(policy).replace('.yaml', '.sql')), ROOT)}
SET client_encoding = 'UTF8';
SET standard_conforming_strings = on;

"""


# ---------------------------------------------------------------------------------------------------
# Data sets
# ---------------------------------------------------------------------------------------------------


def build_healthcare(f: Faker) -> tuple[str, dict[str, list]]:
    rng = f.rng
    departments = list(DEPARTMENTS)

    doctors = []
    for i, department in enumerate(departments):
        gender = "M" if rng.random() < 0.5 else "F"
        name, sp, gp = f.person_name(gender)
        title = DOCTOR_TITLES[i % len(DOCTOR_TITLES)]
        license_no = f"1101{rng.randrange(10**10, 10**11)}"
        doctors.append((i + 1, name, department, title, license_no, f.mobile(),
                        f.email(sp, gp, None, "hospital.example.cn")))

    patients = []
    for i in range(60):
        pid = i + 1
        if i in (7, 31):
            name, pinyin, gender = f.dotted_name(0 if i == 7 else 1)
            sp, gp = pinyin.split(".")[1], pinyin.split(".")[0]
            region = XINJIANG
        else:
            gender = "M" if rng.random() < 0.5 else "F"
            # Every compound surname in turn (欧阳, 司马, 诸葛, ...): the name masks must count them as characters.
            compound = COMPOUND_SURNAMES[(i // 6) % len(COMPOUND_SURNAMES)] if i % 6 == 2 else None
            name, sp, gp = f.person_name(gender, surname=compound)
            region = f.choice(REGIONS)[0]
        birth = f.birth_date(1938, 2018)
        id_number = f.resident_id(region, birth, gender)
        mobile = f.mobile() if birth.year < 2008 or rng.random() < 0.3 else None  # children: guardian's phone elsewhere
        email = f.email(sp, gp, birth) if birth.year > 1950 and rng.random() < 0.8 else None
        # Most people live where they were registered; some moved.
        home = region if rng.random() < 0.75 else f.choice(REGIONS)[0]
        address = f.address(home)
        registered = f.timestamp(dt.datetime(2019, 1, 1), dt.datetime(2024, 12, 31))
        mrn = f"MR{2019 + (registered.year - 2019)}{pid:05d}"
        patients.append((pid, mrn, name, gender, birth, id_number, mobile, email, address,
                         f.choice(BLOOD_TYPES), registered))

    visits, diagnoses, prescriptions = [], [], []
    visit_id = diagnosis_id = prescription_id = 0
    for patient in patients:
        pid, gender, birth = patient[0], patient[3], patient[4]
        for _ in range(rng.randint(1, 4)):
            age = 2025 - birth.year
            candidates = [d for d in departments
                          if not (d == "妇产科" and (gender == "M" or age < 18))
                          and not (d == "儿科" and age >= 14)
                          and not (d != "儿科" and d != "急诊科" and age < 14)]
            department = f.choice(candidates)
            doctor_id = departments.index(department) + 1
            info = DEPARTMENTS[department]
            visit_id += 1
            visited = f.timestamp(dt.datetime(2024, 1, 1), dt.datetime(2025, 12, 31))
            visit_type = "emergency" if department == "急诊科" else ("inpatient" if rng.random() < 0.12 else "outpatient")
            fee = round(rng.uniform(15, 80) if visit_type == "outpatient" else rng.uniform(200, 8000), 2)
            notes = f.choice(VISIT_NOTES) if rng.random() < 0.7 else None
            visits.append((visit_id, pid, doctor_id, visited, visit_type, department,
                           f.choice(info["complaints"]), notes, fee))
            for n, (code, description) in enumerate(rng.sample(info["diagnoses"], rng.choice([1, 1, 2]))):
                diagnosis_id += 1
                diagnoses.append((diagnosis_id, visit_id, code, description, n == 0))
            for drug, dosage, quantity, price in rng.sample(info["drugs"], rng.randint(0, 2)):
                prescription_id += 1
                prescriptions.append((prescription_id, visit_id, drug, dosage, quantity, price,
                                      visited + dt.timedelta(minutes=rng.randint(5, 50))))

    ddl = """DROP SCHEMA IF EXISTS healthcare CASCADE;
CREATE SCHEMA healthcare;
COMMENT ON SCHEMA healthcare IS 'MaskingProxy sample: hospital records (policies/healthcare.yaml)';

CREATE TABLE healthcare.doctors (
    doctor_id   integer PRIMARY KEY,
    full_name   varchar(40) NOT NULL,           -- public (hospital directory)
    department  varchar(40) NOT NULL,
    title       varchar(20) NOT NULL,
    license_no  varchar(20) NOT NULL UNIQUE,
    mobile      varchar(11),                    -- rule mobile
    email       varchar(80)                     -- rule email
);

CREATE TABLE healthcare.patients (
    patient_id         integer PRIMARY KEY,
    medical_record_no  varchar(16) NOT NULL UNIQUE,    -- rule patient-mrn (hash: joinable pseudonym)
    full_name          varchar(40) NOT NULL,           -- rule person-name
    gender             char(1) NOT NULL CHECK (gender IN ('M', 'F')),
    birth_date         date NOT NULL,                  -- rule birth-date
    id_number          char(18) NOT NULL UNIQUE,       -- rule resident-id
    mobile             varchar(11),                    -- rule mobile
    email              varchar(80),                    -- rule email
    address            varchar(200),                   -- rule address
    blood_type         varchar(3),
    registered_at      timestamp NOT NULL
);

CREATE TABLE healthcare.visits (
    visit_id         serial PRIMARY KEY,
    patient_id       integer NOT NULL REFERENCES healthcare.patients,
    doctor_id        integer NOT NULL REFERENCES healthcare.doctors,
    visited_at       timestamp NOT NULL,               -- rule visit-time
    visit_type       varchar(12) NOT NULL CHECK (visit_type IN ('outpatient', 'inpatient', 'emergency')),
    department       varchar(40) NOT NULL,
    chief_complaint  text,                             -- rule clinical-text
    notes            text,                             -- rule clinical-notes
    fee              numeric(10,2) NOT NULL
);

CREATE TABLE healthcare.diagnoses (
    diagnosis_id  serial PRIMARY KEY,
    visit_id      integer NOT NULL REFERENCES healthcare.visits,
    icd10_code    varchar(10) NOT NULL,
    description   text NOT NULL,                       -- rule clinical-text
    is_primary    boolean NOT NULL
);

CREATE TABLE healthcare.prescriptions (
    prescription_id  serial PRIMARY KEY,
    visit_id         integer NOT NULL REFERENCES healthcare.visits,
    drug_name        varchar(80) NOT NULL,
    dosage           varchar(60) NOT NULL,
    quantity         integer NOT NULL CHECK (quantity > 0),
    unit_price       numeric(10,2) NOT NULL,
    prescribed_at    timestamp NOT NULL
);

CREATE INDEX ON healthcare.visits (patient_id);
CREATE INDEX ON healthcare.diagnoses (visit_id);
CREATE INDEX ON healthcare.prescriptions (visit_id);

-- A view the front desk uses: its pass-through columns are masked with their source columns' rules.
CREATE VIEW healthcare.patient_contacts AS
    SELECT patient_id, full_name, mobile, email FROM healthcare.patients;
"""
    data = "\n".join([
        insert("healthcare.doctors", ["doctor_id", "full_name", "department", "title", "license_no", "mobile", "email"], doctors),
        insert("healthcare.patients", ["patient_id", "medical_record_no", "full_name", "gender", "birth_date", "id_number",
                                       "mobile", "email", "address", "blood_type", "registered_at"], patients),
        insert("healthcare.visits", ["visit_id", "patient_id", "doctor_id", "visited_at", "visit_type", "department",
                                     "chief_complaint", "notes", "fee"], visits),
        insert("healthcare.diagnoses", ["diagnosis_id", "visit_id", "icd10_code", "description", "is_primary"], diagnoses),
        insert("healthcare.prescriptions", ["prescription_id", "visit_id", "drug_name", "dosage", "quantity", "unit_price",
                                            "prescribed_at"], prescriptions),
    ])
    sequences = f"""-- Explicit ids above: move the sequences past them so INSERTs without ids work.
ALTER SEQUENCE healthcare.visits_visit_id_seq RESTART WITH {visit_id + 1};
ALTER SEQUENCE healthcare.diagnoses_diagnosis_id_seq RESTART WITH {diagnosis_id + 1};
ALTER SEQUENCE healthcare.prescriptions_prescription_id_seq RESTART WITH {prescription_id + 1};
"""
    grants = """-- Everyone reads; the policy decides what they see. analyst may also write visits and prescriptions
-- (so the leak oracle can exercise INSERT/UPDATE/DELETE ... RETURNING, always rolled back).
GRANT USAGE ON SCHEMA healthcare TO analyst, auditor, support, dba;
GRANT SELECT ON ALL TABLES IN SCHEMA healthcare TO analyst, auditor, support, dba;
GRANT INSERT, UPDATE, DELETE ON healthcare.visits, healthcare.prescriptions TO analyst;
GRANT USAGE ON ALL SEQUENCES IN SCHEMA healthcare TO analyst, dba;
GRANT ALL PRIVILEGES ON ALL TABLES IN SCHEMA healthcare TO dba;
"""
    sql = (header("Sample healthcare schema and data.", "policies/healthcare.yaml") + roles_block()
           + "\n-- Quiet from here on: DROP SCHEMA ... CASCADE lists every object it drops.\nSET client_min_messages = warning;\n\nBEGIN;\n\n" + ddl + "\n" + data + "\n" + sequences + "\n" + grants + "\nCOMMIT;\n")
    identifiers = {
        "name": [p[2] for p in patients],
        "id": [p[5] for p in patients],
        "mobile": [p[6] for p in patients if p[6]] + [d[5] for d in doctors],
        "email": [p[7] for p in patients if p[7]] + [d[6] for d in doctors],
        "address": [p[8] for p in patients],
        "mrn": [p[1] for p in patients],
    }
    tables = {
        "healthcare.doctors": (["doctor_id", "full_name", "department", "title", "license_no", "mobile", "email"], doctors),
        "healthcare.patients": (["patient_id", "medical_record_no", "full_name", "gender", "birth_date", "id_number",
                                 "mobile", "email", "address", "blood_type", "registered_at"], patients),
        "healthcare.visits": (["visit_id", "patient_id", "doctor_id", "visited_at", "visit_type", "department",
                               "chief_complaint", "notes", "fee"], visits),
        "healthcare.diagnoses": (["diagnosis_id", "visit_id", "icd10_code", "description", "is_primary"], diagnoses),
        "healthcare.prescriptions": (["prescription_id", "visit_id", "drug_name", "dosage", "quantity", "unit_price",
                                      "prescribed_at"], prescriptions),
    }
    return sql, {"identifiers": identifiers, "tables": tables}


def build_finance(f: Faker) -> tuple[str, dict[str, list]]:
    rng = f.rng

    customers = []
    for i in range(60):
        cid = i + 1
        if i in (11, 40):
            name, pinyin, gender = f.dotted_name(2 if i == 11 else 3)
            sp, gp = pinyin.split(".")[1], pinyin.split(".")[0]
            region = XINJIANG
        else:
            gender = "M" if rng.random() < 0.5 else "F"
            name, sp, gp = f.person_name(gender, compound=(i % 7 == 3))
            region = f.choice(REGIONS)[0]
        birth = f.birth_date(1950, 2005)
        id_number = f.resident_id(region, birth, gender)
        email = f.email(sp, gp, birth) if rng.random() < 0.85 else None
        home = region if rng.random() < 0.7 else f.choice(REGIONS)[0]
        created = f.timestamp(dt.datetime(2015, 1, 1, tzinfo=TZ8), dt.datetime(2024, 12, 31, tzinfo=TZ8))
        customers.append((cid, name, gender, birth, id_number, f.mobile(), email, f.address(home),
                          f"R{rng.randint(1, 5)}", created))

    accounts = []
    account_id = 0
    for customer in customers:
        for n in range(1 if rng.random() < 0.55 else 2):
            account_id += 1
            card, (bin_, bank, _, kind) = f.card()
            opened = f.birth_date(max(2010, customer[9].year), 2024)
            if kind == "credit":
                limit = float(rng.choice([10000, 20000, 30000, 50000, 80000, 100000]))
                balance = -round(rng.uniform(0, limit * 0.6), 2)  # credit cards carry a debt
            else:
                limit = None
                balance = round(rng.lognormvariate(9.5, 1.3), 2)
            status = "active" if rng.random() < 0.92 else rng.choice(["frozen", "closed"])
            accounts.append((account_id, customer[0], card, bank, kind, "CNY", balance, limit, opened, status))

    # Some counterparties are outside the bank: their cards and names are personal data too.
    externals = []
    for _ in range(25):
        gender = "M" if rng.random() < 0.5 else "F"
        name, _, _ = f.person_name(gender, compound=rng.random() < 0.1)
        card, _ = f.card()
        externals.append((card, name))

    names_by_customer = {c[0]: c[1] for c in customers}
    transactions = []
    txn_id = 0
    for _ in range(420):
        account = f.choice(accounts)
        txn_id += 1
        when = f.timestamp(dt.datetime(2025, 1, 1, tzinfo=TZ8), dt.datetime(2025, 6, 30, tzinfo=TZ8), business_hours=False)
        kind = rng.choices(["transfer", "purchase", "salary", "withdrawal", "repayment"], [40, 30, 10, 10, 10])[0]
        counter_card = counter_name = None
        if kind == "transfer":
            if rng.random() < 0.6:
                other = f.choice([a for a in accounts if a[1] != account[1]])
                counter_card, counter_name = other[2], names_by_customer[other[1]]
            else:
                counter_card, counter_name = f.choice(externals)
            amount = round(rng.uniform(50, 20000), 2) * rng.choice([1, -1])
            channel = rng.choice(["mobile", "online", "counter"])
        elif kind == "purchase":
            counter_name = f.choice(MERCHANTS)
            amount = -round(rng.uniform(8, 3000), 2)
            channel = rng.choice(["pos", "mobile", "online"])
        elif kind == "salary":
            counter_name = "华信科技有限公司"
            amount = round(rng.uniform(6000, 40000), 2)
            channel = "online"
        elif kind == "withdrawal":
            amount = -float(rng.choice([100, 200, 500, 1000, 2000, 3000]))
            channel = "atm"
        else:
            amount = round(rng.uniform(100, 8000), 2)
            channel = rng.choice(["mobile", "online"])
        memo = f.choice(MEMOS) if kind == "transfer" and rng.random() < 0.7 else None
        transactions.append((txn_id, account[0], when, round(amount, 2), kind, channel, counter_card, counter_name, memo))
    transactions.sort(key=lambda t: (t[2], t[0]))
    transactions = [(i + 1,) + t[1:] for i, t in enumerate(transactions)]

    employees = []
    employee_id = 1
    name, sp, gp = f.person_name("M")
    birth = f.birth_date(1965, 1975)
    region = f.choice(REGIONS)[0]
    employees.append((1, "E0001", name, f.resident_id(region, birth, "M"), f.mobile(),
                      f.email(sp, gp, None, "bank.example.cn"), "行长办公室", "行长", 98000.00, dt.date(2008, 3, 1), None))
    for department, positions in BANK_DEPARTMENTS:
        head_id = None
        for n in range(rng.randint(3, 4)):
            employee_id += 1
            gender = "M" if rng.random() < 0.5 else "F"
            name, sp, gp = f.person_name(gender, compound=rng.random() < 0.12)
            birth = f.birth_date(1968, 2000)
            region = f.choice(REGIONS)[0]
            if n == 0:
                position, salary, manager = "部门总经理", round(rng.uniform(45000, 65000), 2), 1
                head_id = employee_id
            else:
                position, salary, manager = f.choice(positions), round(rng.uniform(8000, 32000), 2), head_id
            employees.append((employee_id, f"E{employee_id:04d}", name, f.resident_id(region, birth, gender), f.mobile(),
                              f.email(sp, gp, None, "bank.example.cn"), department, position, salary,
                              f.birth_date(max(2008, birth.year + 22), 2024), manager))

    ddl = """DROP SCHEMA IF EXISTS finance CASCADE;
CREATE SCHEMA finance;
COMMENT ON SCHEMA finance IS 'MaskingProxy sample: retail bank (policies/finance.yaml)';

CREATE TABLE finance.customers (
    customer_id  integer PRIMARY KEY,
    full_name    varchar(40) NOT NULL,           -- rule person-name
    gender       char(1) NOT NULL CHECK (gender IN ('M', 'F')),
    birth_date   date NOT NULL,                  -- rule birth-date
    id_number    char(18) NOT NULL UNIQUE,       -- rule resident-id
    mobile       varchar(11) NOT NULL,           -- rule mobile
    email        varchar(80),                    -- rule email
    address      varchar(200),                   -- rule address
    risk_level   char(2) NOT NULL,               -- suitability rating R1..R5
    created_at   timestamptz NOT NULL
);

CREATE TABLE finance.accounts (
    account_id    integer PRIMARY KEY,
    customer_id   integer NOT NULL REFERENCES finance.customers,
    card_no       varchar(19) NOT NULL UNIQUE,   -- rule card-number
    bank_name     varchar(40) NOT NULL,
    account_type  varchar(10) NOT NULL CHECK (account_type IN ('debit', 'credit')),
    currency      char(3) NOT NULL DEFAULT 'CNY',
    balance       numeric(14,2) NOT NULL,        -- rule balance
    credit_limit  numeric(14,2),
    opened_on     date NOT NULL,
    status        varchar(10) NOT NULL CHECK (status IN ('active', 'frozen', 'closed'))
);

CREATE TABLE finance.transactions (
    txn_id             bigserial PRIMARY KEY,
    account_id         integer NOT NULL REFERENCES finance.accounts,
    txn_time           timestamptz NOT NULL,     -- rule txn-time
    amount             numeric(14,2) NOT NULL,   -- rule amount (negative = debit)
    txn_type           varchar(12) NOT NULL,
    channel            varchar(10) NOT NULL,
    counterparty_card  varchar(19),              -- rule card-number
    counterparty_name  varchar(40),              -- rule person-name
    memo               text                      -- rule memo
);

CREATE TABLE finance.employees (
    employee_id  integer PRIMARY KEY,
    employee_no  varchar(10) NOT NULL UNIQUE,
    full_name    varchar(40) NOT NULL,           -- rule person-name
    id_number    char(18) NOT NULL UNIQUE,       -- rule resident-id
    mobile       varchar(11),                    -- rule mobile
    email        varchar(80),                    -- rule email
    department   varchar(40) NOT NULL,
    position     varchar(40) NOT NULL,
    salary       numeric(12,2) NOT NULL,         -- rule salary (monthly, CNY)
    hired_on     date NOT NULL,
    manager_id   integer REFERENCES finance.employees
);

CREATE INDEX ON finance.accounts (customer_id);
CREATE INDEX ON finance.transactions (account_id, txn_time);

-- What the relationship managers' dashboard reads: pass-through columns keep their sources' rules.
CREATE VIEW finance.customer_accounts AS
    SELECT c.customer_id, c.full_name, c.mobile, a.account_id, a.card_no, a.bank_name, a.account_type, a.balance
    FROM finance.customers c JOIN finance.accounts a ON a.customer_id = c.customer_id;
"""
    data = "\n".join([
        insert("finance.customers", ["customer_id", "full_name", "gender", "birth_date", "id_number", "mobile", "email",
                                     "address", "risk_level", "created_at"], customers),
        insert("finance.accounts", ["account_id", "customer_id", "card_no", "bank_name", "account_type", "currency",
                                    "balance", "credit_limit", "opened_on", "status"], accounts),
        insert("finance.transactions", ["txn_id", "account_id", "txn_time", "amount", "txn_type", "channel",
                                        "counterparty_card", "counterparty_name", "memo"], transactions),
        insert("finance.employees", ["employee_id", "employee_no", "full_name", "id_number", "mobile", "email",
                                     "department", "position", "salary", "hired_on", "manager_id"], employees),
    ])
    sequences = f"""-- Explicit ids above: move the sequence past them so INSERTs without ids work.
ALTER SEQUENCE finance.transactions_txn_id_seq RESTART WITH {len(transactions) + 1};
"""
    grants = """-- Everyone reads; the policy decides what they see. analyst may also write transactions (so the
-- leak oracle can exercise INSERT/UPDATE/DELETE ... RETURNING, always rolled back).
GRANT USAGE ON SCHEMA finance TO analyst, auditor, support, dba;
GRANT SELECT ON ALL TABLES IN SCHEMA finance TO analyst, auditor, support, dba;
GRANT INSERT, UPDATE, DELETE ON finance.transactions TO analyst;
GRANT USAGE ON ALL SEQUENCES IN SCHEMA finance TO analyst, dba;
GRANT ALL PRIVILEGES ON ALL TABLES IN SCHEMA finance TO dba;
"""
    sql = (header("Sample finance schema and data.", "policies/finance.yaml") + roles_block()
           + "\n-- Quiet from here on: DROP SCHEMA ... CASCADE lists every object it drops.\nSET client_min_messages = warning;\n\nBEGIN;\n\n" + ddl + "\n" + data + "\n" + sequences + "\n" + grants + "\nCOMMIT;\n")
    identifiers = {
        "name": [c[1] for c in customers] + [e[2] for e in employees] + [x[1] for x in externals],
        "id": [c[4] for c in customers] + [e[3] for e in employees],
        "mobile": [c[5] for c in customers] + [e[4] for e in employees],
        "email": [c[6] for c in customers if c[6]] + [e[5] for e in employees],
        "address": [c[7] for c in customers],
        "card": [a[2] for a in accounts] + [x[0] for x in externals],
    }
    tables = {
        "finance.customers": (["customer_id", "full_name", "gender", "birth_date", "id_number", "mobile", "email",
                               "address", "risk_level", "created_at"], customers),
        "finance.accounts": (["account_id", "customer_id", "card_no", "bank_name", "account_type", "currency",
                              "balance", "credit_limit", "opened_on", "status"], accounts),
        "finance.transactions": (["txn_id", "account_id", "txn_time", "amount", "txn_type", "channel",
                                  "counterparty_card", "counterparty_name", "memo"], transactions),
        "finance.employees": (["employee_id", "employee_no", "full_name", "id_number", "mobile", "email",
                               "department", "position", "salary", "hired_on", "manager_id"], employees),
    }
    return sql, {"identifiers": identifiers, "tables": tables}


# Character columns the sample policies mask (policies/healthcare.yaml, policies/finance.yaml). The leak
# tests derive the same set from the real policies; keep this in step when a rule changes.
COVERED = {
    "healthcare.doctors": {"mobile", "email"},
    "healthcare.patients": {"medical_record_no", "full_name", "id_number", "mobile", "email", "address"},
    "healthcare.visits": {"chief_complaint", "notes"},
    "healthcare.diagnoses": {"description"},
    "finance.customers": {"full_name", "id_number", "mobile", "email", "address"},
    "finance.accounts": {"card_no"},
    "finance.transactions": {"counterparty_card", "counterparty_name", "memo"},
    "finance.employees": {"full_name", "id_number", "mobile", "email"},
}

# Texts that masks themselves print: replacement texts, and what keep/email masks leave visible.
MASK_TEXTS = {"[REDACTED]", "[地址已隐藏]"} | set(EMAIL_DOMAINS) | {"hospital.example.cn", "bank.example.cn"}


def check_no_coincidences(sets: list[dict]) -> None:
    """Identifying values are unique, and no covered value occurs inside a value a masked login may see."""
    identifiers = [s for d in sets for values in d["identifiers"].values() for s in values]
    duplicates = {s for s in identifiers if identifiers.count(s) > 1}
    assert not duplicates, f"duplicate identifying values: {sorted(duplicates)[:5]}"

    covered, clear = set(), set(MASK_TEXTS)
    for d in sets:
        for table, (columns, rows) in d["tables"].items():
            masked = COVERED.get(table, set())
            assert masked <= set(columns), table
            for row in rows:
                for column, value in zip(columns, row):
                    if value is None:
                        continue
                    if column in masked:
                        if len(str(value)) >= 2:  # the tests ignore single characters too
                            covered.add(str(value))
                        if column == "address":
                            clear.add(str(value)[:6])  # the address mask keeps province and city
                    else:
                        clear.add(sql_value(value).strip("'"))
    for s in covered:
        for t in clear:
            if s in t:
                raise AssertionError(f"covered value {s!r} occurs inside the visible value {t!r}")


def main() -> int:
    faker = Faker(SEED)
    healthcare_sql, healthcare = build_healthcare(faker)
    finance_sql, finance = build_finance(faker)
    check_no_coincidences([healthcare, finance])
    os.makedirs(OUT_DIR, exist_ok=True)
    for name, text in (("healthcare.sql", healthcare_sql), ("finance.sql", finance_sql)):
        with open(os.path.join(OUT_DIR, name), "w", encoding="utf-8", newline="\n") as out:
            out.write(text)
    for label, data in (("healthcare", healthcare), ("finance", finance)):
        counts = ", ".join(f"{name.split('.')[1]} {len(rows)}" for name, (_, rows) in data["tables"].items())
        print(f"policies/sample/{label}.sql: {counts}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
