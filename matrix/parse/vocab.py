"""The parser's one vocabulary: every word list and shape of the genre, named once.

Every rule matches on the simplified view of a line (see `normalize`), so each word here
is written once, in simplified characters, and also matches 牽頭單位 or 按職責分工負責.
"""
from __future__ import annotations

import functools
import re

# --- numerals and outline markers --------------------------------------------------------

CN_NUM = "一二三四五六七八九十百零〇○"
CN_VALUES = {"零": 0, "〇": 0, "○": 0, "一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6,
             "七": 7, "八": 8, "九": 9}
CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"


def cn_to_int(s: str) -> int | None:
    """一 → 1, 十二 → 12, 二十九 → 29, 一百零五 → 105; None if it is not a numeral."""
    if not s or any(c not in CN_NUM for c in s):
        return None
    total, current = 0, 0
    for c in s:
        if c == "百":
            total += (current or 1) * 100
            current = 0
        elif c == "十":
            total += (current or 1) * 10
            current = 0
        else:
            current = CN_VALUES[c]
    return total + current


# Section heading 一、 — but not “一、二、三产业” (a list of numerals in a sentence).
SECTION = re.compile(rf"^([{CN_NUM}]{{1,3}})[、．.](?![{CN_NUM}]{{1,3}}[、．.])\s*(.*)$", re.S)
# Item markers: （一） (一) 〔一〕, （1） (1), 1. 1． 1、 (a dot not followed by a digit:
# 1.5万户 is text; 1、2024年底前… is an item), ①.
ITEM_MARK = (rf"(?:[（(〔][{CN_NUM}]{{1,4}}[）)〕]|[（(]\d{{1,2}}[）)]|\d{{1,3}}(?:、|[.．](?!\d))"
             rf"|\d{{1,2}}[）)](?!\d)|[{CIRCLED}])")
ITEM = re.compile(rf"^({ITEM_MARK})\s*(.*)$", re.S)

# The styles of outline markers; a document nests them in an order of its own.
STYLE_SECTION = "一、"
STYLE_PAREN_CN = "（一）"
STYLE_ARABIC = "1."
STYLE_PAREN_ARABIC = "（1）"
STYLE_CIRCLED = "①"


def marker_style(marker: str) -> str:
    if marker[0] in CIRCLED:
        return STYLE_CIRCLED
    if marker[0].isdigit():
        return STYLE_PAREN_ARABIC if marker[-1] in "）)" else STYLE_ARABIC
    if marker[0] in "（(〔":
        return STYLE_PAREN_ARABIC if any(c.isdigit() for c in marker) else STYLE_PAREN_CN
    return STYLE_SECTION


@functools.lru_cache(maxsize=1024)
def marker_value(marker: str) -> int:
    if marker[0] in CIRCLED:
        return CIRCLED.index(marker[0]) + 1
    digits = re.sub(r"\D", "", marker)
    if digits:
        return int(digits)
    return cn_to_int(re.sub(r"[（(〔）)〕、．.]", "", marker)) or 0


@functools.lru_cache(maxsize=1024)
def normal_marker(marker: str) -> str:
    """One spelling for ids: （二） for (二)/〔二〕, 1 for 1./1．/1、, （1） for (1)/1), ① as is."""
    style = marker_style(marker)
    if style == STYLE_CIRCLED:
        return marker[0]
    if style == STYLE_SECTION:
        return re.sub(r"[、．.]", "", marker)
    digits = re.sub(r"\D", "", marker)
    if style == STYLE_ARABIC:
        return digits
    if style == STYLE_PAREN_ARABIC:
        return f"（{digits}）"
    return "（" + marker[1:-1] + "）"


# --- sentences, titles, end matter -------------------------------------------------------

SENTENCE_END = re.compile(r"[。！？!?]")
CLAUSE_BREAK = re.compile(r"[，,；;：:]")
DOC_KIND = (r"(意见|通知|办法|方案|措施|规定|决定|计划|细则|纲要|规划|要点|通告|公告|批复|报告|指引|"
            r"清单|政策|分工|任务|条例|举措|行动|分工表|任务表|分解表|台账|一览表|明细表)")
# A document's title line: it ends with the kind of document, perhaps (征求意见稿).
TITLE_LINE = re.compile(rf"{DOC_KIND}(（[^）]*）|\([^)]*\))?$")
DRAFT = re.compile(r"征求意见稿|代拟稿|送审稿|讨论稿|草案|修改稿|审议稿")
DRAFT_MARK = re.compile(r"\s*(（[^）]*(?:稿|草案)）|\([^)]*(?:稿|草案)\))$")

DATE = re.compile(r"(\d{4}|[零〇○Ｏ一二三四五六七八九]{4})\s*年\s*([\d一二三四五六七八九十]{1,3})\s*月"
                  r"\s*([\d一二三四五六七八九十]{1,3})\s*日")
DATE_LINE = re.compile(rf"^[（(]?{DATE.pattern}[）)]?\s*(印发|成文|发布|签发)?$")
# A line that is only an office's name: the signature above the date.
ORG_END = r"(?:人民政府办公厅|办公厅|办公室|委员会|人民政府|政府|局|厅|委|部)"
ORG_NAME_LINE = re.compile(rf"^[\u4e00-\u9fff（）() ]{{2,40}}{ORG_END}$")
END_MATTER = re.compile(r"^(抄送|抄报|主送|印发|附件|（此件|\(此件|此件|联系人|联系电话)")
DOC_NUMBER = re.compile(r"^[\u4e00-\u9fff]{1,12}[〔\[［(（【]\s*\d{4}\s*[〕\]］)）】]\s*第?\s*\d{1,4}\s*号$")


def is_heading_only(text: str) -> bool:
    """A heading or an item title on its own line: numbered, short, no full stop."""
    # The length first: most lines are paragraphs, and it costs nothing to ask.
    return len(text) <= 60 and not SENTENCE_END.search(text) and bool(SECTION.match(text) or ITEM.match(text))


def starts_structure(text: str) -> bool:
    return bool(SECTION.match(text) or ITEM.match(text))


def is_end_matter(text: str) -> bool:
    return bool(DATE_LINE.match(text) or END_MATTER.match(text))


# --- web-page furniture ------------------------------------------------------------------

# Lines a government site or a news reprint puts around a document (simplified forms;
# each is a whole line, so a sentence mentioning 首页 stays).
FURNITURE = re.compile(
    r"^(?:"
    r"(?:您的|你的)?当前(?:位置|所在位置)\s*[：:].*"
    r"|首页\s*[>＞»/].*|.*[>＞»]\s*(?:正文|政策文件|通知公告|文件|政策解读)$"
    r"|简体版?\s*[|｜/ ]?\s*繁体版?.*|繁体版?\s*[|｜/ ]?\s*简体版?.*|无障碍.*|长者模式.*"
    r"|(?:[【\[]\s*(?:打印|关闭|字体|字号|大|中|小|收藏|纠错|返回顶部|打印本页|关闭窗口)[^】\]]*[】\]]\s*)+"
    r"|(?:打印本页|关闭窗口|打印|关闭|收藏|分享|返回顶部|返回列表|扫一扫.*|手机扫码.*)"
    r"(?:\s*[|｜]?\s*(?:打印本页|关闭窗口|打印|关闭|收藏|分享))*"
    r"|(?:发布时间|发布日期|发文日期|更新时间|日期|来源|信息来源|文章来源|索引号|主题分类|分类|"
    r"浏览次数|访问量|阅读次数|阅读量|点击数|点击量|访问次数|字号|字体|作者|编辑|责任编辑|"
    r"审核|校对|供稿|分享到|相关链接|相关文件|相关阅读|相关解读|上一篇|下一篇|关键词|主题词|"
    r"有效性|效力状态|生效日期|废止日期|公开方式|公开范围|网站标识码|主办单位|承办单位|"
    r"版权所有|技术支持|联系我们|网站地图|政策解读)\s*[：:].{0,80}"
    r"|(?:字号|字体)\s*[：:]?\s*[【\[]?\s*大\s*[】\]]?\s*[【\[]?\s*中\s*[】\]]?\s*[【\[]?\s*小.*"
    r"|.*(?:ICP备|公网安备|网站标识码).*|.*版权所有.*"
    r"|(?:相关链接|相关文件|相关阅读|分享到|扫一扫在手机打开当前页|打印正文|下载附件|附件下载)"
    r"|(?:大|中|小)(?:\s+(?:大|中|小)){2}"
    r"|[-•·]\s*.{1,8}|.*【切换】.*|Page\s*\d+.*|P\.\s*\d+|(?:全文|政策全文|内容全文|正文|基本介绍|核心提示)\s*[：:]?"
    r"|.{0,20}(?:设为首页|加入收藏|无障碍阅读|长者版).{0,20}|(?:中文名|外文名|发布人)\s*[：:].{0,80}"
    r"|(?:\s*[>＞»]{2}\s*[^>＞»]{1,30}){1,6}|.{1,12}[>＞»]{2}"                   # >> 专题专栏 >> …, 相关新闻>>
    r")$")
# Furniture that names the document itself: kept as metadata, never as text.
_FIELD_LABELS = ("标题", "名称", "文件名称", "发文机关", "发布机构", "发文单位", "发布单位", "成文日期", "发文字号",
                 "发布文号", "文件编号", "文号", "发布日期", "发文日期")
# 名 称：… / 文    号 …: site labels are often spaced out, and a line may hold several.
FURNITURE_FIELDS = re.compile(
    r"^(?P<label>" + "|".join(r"\s*".join(w) for w in sorted(_FIELD_LABELS, key=len, reverse=True)) +
    r")\s*[：:|｜]\s*(?P<value>.+?)\s*[|｜]?$")
# A 文号 anywhere in a header line (发布文号 | 粤府〔2021〕22号 |); CITED is what a sentence
# cites (《…》（国发〔2012〕39号）), taken out first.
CITED = re.compile(r"《[^》]*》\s*[（(][^）)]*[）)]")
DOC_NUMBER_IN = re.compile(r"[\u4e00-\u9fff]{1,12}[〔\[［【]\s*\d{4}\s*[〕\]］】]\s*第?\s*\d{1,4}\s*号")
# “日前，某市人民政府办公室印发《…》。全文如下：” — a reprint's lead-in, not the document.
REPRINT_LEAD = re.compile(r"(?:全文如下|原文如下|全文见下|现将全文刊发如下|详情如下)\s*[：:]?$|"
                          r"^(?:日前|近日|近期|\d{1,2}月\d{1,2}日)[，,].{0,80}?(?:印发|出台|发布)了?《")

# --- assignment notes --------------------------------------------------------------------

# Field labels, longest first (牵头责任单位 before 责任单位), each with the role it gives.
LEAD, SUPPORT, RESPONSIBLE, MIXED, PERSON, TIME = "lead", "support", "responsible", "mixed", "person", "time"
ROLE_LABELS = {
    "牵头责任单位": LEAD, "牵头单位": LEAD, "牵头部门": LEAD, "主要责任单位": LEAD, "主责单位": LEAD,
    "主责部门": LEAD, "牵头落实单位": LEAD, "牵头机构": LEAD,
    "协同责任单位": SUPPORT, "协同配合单位": SUPPORT, "配合责任单位": SUPPORT, "配合单位": SUPPORT,
    "配合部门": SUPPORT, "协办单位": SUPPORT, "参与单位": SUPPORT, "参与部门": SUPPORT,
    "协同单位": SUPPORT, "协同部门": SUPPORT, "协作单位": SUPPORT, "协助单位": SUPPORT,
    "责任单位": RESPONSIBLE, "责任部门": RESPONSIBLE, "落实单位": RESPONSIBLE, "实施单位": RESPONSIBLE,
    "责任主体": RESPONSIBLE,
    "部门分工": MIXED, "职责分工": MIXED, "任务分工": MIXED,
}
# Lines that name people or times, never agencies; their value is not a list of bodies.
PERSON_LABELS = ("牵头负责领导", "牵头市领导", "牵头省领导", "牵头区领导", "牵头县领导", "牵头领导",
                 "分管省领导", "分管市领导", "分管区领导", "分管县领导", "分管领导", "责任领导", "联系领导",
                 "领导", "责任人", "联系人", "负责人", "具体责任人", "督办领导")
# A leader named in a table's 牵头领导 cell: a name and a title, never an agency.
PERSON_TITLE = re.compile(r"^[\u4e00-\u9fff]{2,4}(?:常务)?副?(?:市长|县长|区长|省长|州长|旗长|镇长|书记|主任|秘书长)$")
TIME_LABELS = ("完成时限", "时限要求", "完成时间", "时间节点", "时间安排", "进度安排", "完成期限",
               "办结时限", "时限", "期限")
_LABEL_WORDS = sorted(ROLE_LABELS, key=len, reverse=True)
# (A lookahead on the first characters lets the scan skip most positions at once.)
LABEL = re.compile(r"(?=[" + "".join(sorted({w[0] for w in _LABEL_WORDS})) + r"])(" + "|".join(_LABEL_WORDS) +
                   r")\s*[：:]")
# Any field of a note (a list ends where the next begins): the labels above, or any short
# word with a colon.
FIELD = re.compile(r"(?:[；;，,。]|[ \t\u3000]|^)\s*(?P<label>[\u4e00-\u9fff]{2,8})\s*[：:]")
PERSON_OR_TIME = re.compile(r"^(?:" + "|".join(sorted(PERSON_LABELS + TIME_LABELS, key=len, reverse=True))
                            + r")$")
TIME_FIELD = re.compile(r"(?:" + "|".join(sorted(TIME_LABELS, key=len, reverse=True)) + r")\s*[：:]\s*"
                        r"(?P<value>[^；;。）)\n]+)")

# Role verbs inside a note: “A牵头，B、C参与”, “A、B分别牵头” (or 分别负责: each leads its part), “D负责落实”.
LEAD_VERB = r"(?:分别牵头|分别负责|共同牵头|牵头负责|牵头督导|牵头抓总|牵头组织|牵头落实|牵头推进|牵头)"
SUPPORT_VERB = (r"(?:按职责分工负责|按照职责分工负责|按职责分工落实|按职能分工负责|按职责负责|根据职责负责|"
                r"负责落实|配合落实|协同配合|共同配合|积极配合|协助配合|配合|参与|协助|协同|协办)")
RESPONSIBLE_VERB = r"(?:按职责分工负责|按照职责分工负责|按职责负责|共同负责|负责|落实)"
# What a verb may take after it and still close its list: 由市科技局牵头实施, 牵头组织实施.
VERB_OBJECT = r"(?:(?:组织|抓好|推进)?实施|抓好落实)?"
ROLE_VERB = re.compile(rf"(?=[牵分共负配参协按根落积])(?P<verb>{LEAD_VERB}|{SUPPORT_VERB}|{RESPONSIBLE_VERB})"
                       rf"{VERB_OBJECT}(?=$|[，,；;。、\s]|等)")
# The opening of a bracket of names alone that the `bare_notes` rule found to be a note,
# in the simplified view (private use: no document writes it).
BARE_NOTE = "\ue001"
BARE_NOTE_SPAN = re.compile(BARE_NOTE + r"([^\n]*)[）)]")
# A paragraph's last sentence that says who carries it out, unbracketed and unlabelled:
# “…。由市财政局、农业局，各县（市）、区人民政府负责落实。” It must open with 由 and end
# with a role verb; what it names must read as a list of bodies (`notes` checks).
VERB_SENTENCE = re.compile(r"(?:^|(?<=[。；;！!\n]))[ \t\u3000]*(?P<body>由[^。；;！!\n]{3,200}?"
                           rf"(?:{LEAD_VERB}|{SUPPORT_VERB}|{RESPONSIBLE_VERB}){VERB_OBJECT})"
                           r"[。；;]?[ \t\u3000]*(?=\n|$)")
# “区住建局（牵头）”: a role marked after a name.
MARKED_ROLE = re.compile(r"[（(](?P<role>牵头|配合|参与|协办|主办)[）)]")

# What a document says of its own 责任单位 lists; the setting decides when it says nothing.
# (…的 / …者: 列第一位者为牵头单位.)
FIRST_LEADS = re.compile(r"(第一责任单位|排在?第一位?[的者]?(?:单位)?|排名第一位?[的者]?(?:单位)?|排名首位[的者]?(?:单位)?|"
                         r"列(?:在)?第一位?[的者]?(?:单位)?|列(?:在)?首位[的者]?(?:单位)?|首位(?:单位)?|第一个单位|"
                         r"排在首位[的者]?(?:单位)?)"
                         r"(?:为|是|作为)牵头单位")
NOT_ORDERED = re.compile(r"(排名|排序|排列|顺序)不分先后")
ALL_LEAD = re.compile(r"(?:无|未明确|未标明|未注明|没有)牵头单位的?[，,]?\s*(?:所列)?责任单位(?:即|均)?(?:为|是)牵头单位")

# A section headed by who carries it out: 一、县农业农村局牵头工作（2项）, 二、市商务局负责的
#任务: the words after the note, and the count of items.
SECTION_ROLE_TAIL = re.compile(r"(?:的)?(?:重点|主要)?(?:工作|任务|事项)(?:清单)?\s*"
                               r"(?:[（(]\s*共?\s*\d+\s*项\s*[）)])?\s*[。：:]?$")
_NOT_AGAIN = "不再单独列出|不再单列|不再列出|不再一一列出|不再做分工|不再分工|不再重复列出|下同"
STANDING_END = re.compile(_NOT_AGAIN)
# A standing instruction: these bodies take part in every later measure.
STANDING = re.compile(
    r"(?:以下|下列|其他|其余|后续)?(?:各项|所有)?(?:具体)?(?:政策措施|任务|工作|措施)?(?:均|都|也)?"
    r"(?:需|须|由|要|涉及)?"
    r"(?P<names>.+?)(?:均为|为|作为)?(?:责任单位|配合单位)?(?:按照?职责分工|按照?职责|根据职责)?"
    r"(?:共同|负责|抓好|认真|切实)*"
    r"(?:落实|负责|参与|配合|承担)?[，,]?\s*(?:以下|下文|后文|后面)?(?:均|都)?"
    rf"(?:{_NOT_AGAIN})")

# --- agency names ------------------------------------------------------------------------

# The end of an agency name: what kind of body it is.
class Endings:
    """Words a name may end with; `.search(name)` as a pattern's would, but as one
    str.endswith (a `(…)$` pattern is tried at every position of the name)."""

    def __init__(self, words: str):
        self.words = tuple(words.split("|"))

    def search(self, name: str) -> bool:
        return name.endswith(self.words)


ORG_SUFFIX = Endings(
    "局|厅|委|办|办公室|委员会|部|部门|院|银行|支行|分行|人行|署|所|中心|政府|管委|管委会|公司|集团|协会|商会|"
    "联|会|处|室|站|队|单位|机构|组|小组|法院|检察院|海关|市|县|区|州|盟|街|镇|乡|镇街|团|社|"
    "校|司|科|街道|办事处|园区|开发区|高新区|新区|分局|总队|支队|大队|科协|侨联|残联|指挥部|中央|）|)")
# Departments that take the level of the name before them when written bare (财政厅).
DEPT_SUFFIX = Endings("局|厅|委|办|人民银行|办公室|委员会|中心|分局|法院|检察院|总工会|工会|妇联|团委|"
                      "科协|残联|侨联|工商联|文联|部")
# A level prefix that a name carries itself; 市场/区域 are words, not levels, nor is the 区
# of 园区/片区/社区/景区/城区 (产业园区改革发展办公室 takes the level before it).
# A place name holds no word of an office (人民银行佛山市分行 is a bank, not a level).
LEVEL = re.compile(r"^(自治区|省|市(?!场)|区(?!域)|县|"
                   r"[^\W\d_a-zA-Z行局厅委办部会司处署院所中心]{2,7}?"
                   r"(?:省|自治区|自治州|市(?!场)|州|盟|地区|县|(?<![园片社景城])区(?!域)))")
# A place alone, with no body after it (黄埔区 in 黄埔区、南沙区政府).
BARE_PLACE = re.compile(r"^[\u4e00-\u9fff]{1,6}?(?:省|市|区|县|州|盟|旗|镇|乡|街道)$")
# 各 + administrative units only (各县 in 各县、区人民政府): the name goes on past the 、
# when what follows is more units, or their government.
EACH_UNIT = re.compile(r"^各[县区市乡镇街道州盟旗（）()、]+$")
EACH_TAIL = re.compile(r"^[县区市乡镇街道州盟旗]+(?:[（(][县区市乡镇街道州盟旗、]+[）)])?"   # 县(市)
                       r"(?:(?:人民)?政府|党委|党工委|管委会|办事处)?(?:[（(][^）)]*[）)])?$")
# A kind of body written bare after a collective name, which it completes rather than
# names alone: 市直有关部门、单位 is one party (有关部门和单位), not a body called 单位.
BARE_KIND = re.compile(r"^(?:单位|部门|机构|企事业单位|事业单位|组织|团体)$")
COLLECTIVE = re.compile(r"(?:有关|相关|各)(?:部门|单位|机构)$")
# An owner before 各 (市政府各部门): the next 各… that names no place (各直属单位) is the
# same owner's, and is written without it: 市政府各部门、各直属单位 → 市政府各直属单位.
OWNED_EACH = re.compile(r"^(?P<owner>[\u4e00-\u9fff]{1,12}?(?:人民政府|政府|党委|管委会))各")
EACH_PLACE = re.compile(r"^各[县区市乡镇街道州盟旗地]")
# Names that stand alone and never inherit a prefix.
STANDALONE = re.compile(
    r"^(各|全|团|中共|中国|国家(?!税务局)|国务院|人民银行(?!$)|北京|天津|上海|重庆|河北|山西|辽宁|吉林|黑龙江|江苏|"
    r"浙江|安徽|福建|江西|山东|河南|湖北|湖南|广东|海南|四川|贵州|云南|陕西|甘肃|青海|台湾|"
    r"内蒙古|广西|西藏|宁夏|新疆|香港|澳门|兵团)")
LIST_SEP = "、，,；;／/"
# 和/及 between two whole names; inside a name the part before it is no body (工业和信息化厅).
BODY_END = Endings("局|厅|委|办|部|院|署|所|公司|集团|中心|政府|管委|管委会|分行|支行|银行|海关|"
                   "法院|检察院|联|会|处|室|站|队|单位")
JOIN = re.compile(r"和|及|以及|与")
# 和/及 join two names where the next one starts afresh (各…, 市…, 自治区…).
JOINING_WORD = re.compile(r"(?:和|及|以及|与)(?=各|自治区|省|市(?!场)|区(?!域)|县|中国|国家|新疆)")
TRAILING = re.compile(r"(?:等(?:有关|相关|其他)?(?:部门|单位|成员单位|部门单位|单位部门|部门和单位)?|"
                      r"(?<!各)(?<!直)(?:有关单位|相关单位))$")
LEADING = re.compile(r"^(?:由|和|及|以及|与|请|会同|联合)")
# Not an agency: a time limit or another field that slipped into a list (2024年底前完成).
NOT_AGENCY = re.compile(r"[：:]|\d{4}\s*年|\d+\s*月|年底|月底|年内|底前|前完成|完成$|长期|持续|每年|每季度|每月")
# A bracket glued to a name that states a rule, not part of the name:
# 市财政局（第一责任单位为牵头单位，下同）.
RULE_BRACKET = re.compile(r"[（(][^（）()]*(?:牵头单位|下同|不分先后|排名|排序|为准|不再)[^（）()]*[）)]")

# --- deadlines ---------------------------------------------------------------------------

# A clear time limit: 2024年底前, 2023年12月底, 2025年6月底前, 2024年上半年, 2025年前.
DEADLINE = re.compile(
    r"\d{4}\s*年\s*(?:\d{1,2}\s*月\s*(?:\d{1,2}\s*日\s*)?"
    r"(?:(?:底|末|中旬|上旬|下旬)\s*(?:前|之前|以前)?|前|之前|以前)"
    r"|(?:上半年|下半年|年底|年末|底|末|[一二三四]季度|第[一二三四]季度)\s*(?:前|之前|以前)?"
    r"|(?:前|之前|以前))")
ONGOING_WORDS = (r"长期坚持|持续推进|长期推进|持续实施|长期实施|持续开展|长期开展|常态化推进")
ONGOING = re.compile(r"^(?:长期坚持|持续推进|长期推进|持续实施|长期实施|持续开展|长期开展|长期|持续|常态化推进|每年)")

# --- task tables -------------------------------------------------------------------------

# A table row as the readers write it: cells between tabs; a line break inside a cell is
# CELL_BREAK (not a line end, which would split the row).
from ..sources.rows import CELL_BREAK, CELL_SEP  # noqa: E402,F401  (the readers write them; rules use V.CELL_SEP)
NUMBER, TASK, DETAIL, SECTION_COL, NOTE_COL, OTHER = "number", "task", "detail", "section", "note", "other"
# Header words → what the column holds. A task column before another task column is the
# title; the later ones are its detail (重点任务 | 具体措施).
COLUMN_WORDS = {
    NUMBER: ("序号", "编号", "序次", "序"),
    TASK: ("重点任务", "工作任务", "主要任务", "具体任务", "目标任务", "任务内容", "任务名称", "任务事项",
           "具体措施", "工作措施", "主要措施", "政策措施", "重点措施", "工作内容", "主要内容", "具体内容",
           "工作事项", "改革事项", "重点工作", "工作要点", "重点事项", "具体事项", "事项", "任务", "措施",
           "内容", "工作举措", "举措", "政策内容", "项目名称", "项目", "指标", "目标与任务", "目标及任务",
           "任务与目标", "工作目标与任务", "目标任务与举措"),
    DETAIL: ("工作目标", "目标要求", "预期目标", "预期成果", "工作要求", "具体要求", "推进措施", "实施步骤",
             "完成标志", "成果形式", "全年目标任务", "年度目标任务", "全年目标", "年度目标",
             "建设内容", "建设规模", "主要建设内容", "建设内容及规模", "年度建设内容", "实施内容"),
    SECTION_COL: ("类别", "领域", "重点领域", "任务类别", "工作类别", "板块", "方面", "类型", "分类", "大类"),
    NOTE_COL: ("备注", "说明"),
}
for _label, _role in ROLE_LABELS.items():
    if _role != MIXED:
        COLUMN_WORDS.setdefault(_role, ())
        COLUMN_WORDS[_role] += (_label,)
COLUMN_WORDS[LEAD] += ("牵头", "主办单位", "牵头组织实施单位", "牵头实施单位", "牵头落实单位", "主责单位", "主责部门", "牵头单位（部门）", "牵头部门（单位）")
COLUMN_WORDS[SUPPORT] += ("配合", "协办", "参与", "协同单位", "责任主体与协同单位", "协同部门")
# What a progress cell says (已完成…, 基本完成, 序时推进): in a table with a progress column.
PROGRESS_CELL = re.compile(r"(?:已经?完成|已[经全]?|基本完成|提前完成|全面完成|序时推进|按序时|超序时|滞后|正在|"
                           r"截[至止]|累计完成|完成率)")
# A progress report's columns (推进情况, 是否达序时进度) are read past, never as a task.
COLUMN_WORDS[OTHER] = ("推进情况", "进展情况", "完成情况", "工作进展", "进度情况", "是否达序", "是否达序时进度",
                       "存在问题", "下步打算", "落实情况", "实施情况", "完成进度", "推进进度", "进展",
                       # a project list's columns: where, and how much money — no task, no agency
                       "建设地点", "实施地点", "地点", "建设地址", "项目地点", "投资金额", "总投资", "年度投资",
                       "年度投资金额", "计划投资", "投资额", "资金来源", "投资", "资金")
COLUMN_WORDS[PERSON] = PERSON_LABELS + ("分管负责人", "责任领导同志", "牵头负责人")
COLUMN_WORDS[TIME] = TIME_LABELS + ("完成时限要求", "进度要求", "时间进度", "完成时间节点", "推进时限",
                                    "建设时间", "建设年限", "建设期限", "实施时间", "建设周期")
_COLUMN_LOOKUP = sorted(((w, k) for k, ws in COLUMN_WORDS.items() for w in ws),
                        key=lambda wk: len(wk[0]), reverse=True)
AGENCY_COLUMNS = (LEAD, SUPPORT, RESPONSIBLE)
_HEADER_NOISE = re.compile(r"[\s　*＊|｜│:：]|[（(][^）)]*[）)]$|^\d{1,2}\s*[-—～~至]\s*\d{1,2}\s*月(?:份)?"
                           r"|^(?:19|20)\d\d年(?:度)?")        # 2024年建设内容 → 建设内容


@functools.lru_cache(maxsize=4096)
def column_kind(cell: str) -> str | None:
    """A header cell → the kind of column it heads; None when it is no header word.
    “牵头单位（部门）”, “完 成 时 限”, “序 号” are header words too."""
    word = _HEADER_NOISE.sub("", cell)
    if not word or len(word) > 12:
        return None
    for w, k in _COLUMN_LOOKUP:
        if word == w:
            return k
    for w, k in _COLUMN_LOOKUP:
        if len(w) >= 2 and word.startswith(w) and len(word) - len(w) <= 4:
            return k
    return None


# A 序号 cell: 1, 1., （一）, 一, 1.1, 1-2.
ROW_NUMBER = re.compile(rf"^(?:\d{{1,3}}(?:[.．\-－]\d{{1,3}})*[.．、]?|[（(]?[{CN_NUM}]{{1,3}}[）)、]?|[（(]\d{{1,3}}[）)])$")
# A lead marked in a list of 责任单位: 市发展改革委*, ★市财政局.
STARRED = re.compile(r"[*＊★☆]")
