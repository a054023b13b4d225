"""Pinyin of names, kept beside them so that search and sorting are SQL, not a Python scan.

A name's keys are its toneless pinyin, one syllable per character separated by spaces
("zhang fan": the spaces make ORDER BY read syllable by syllable, so 李明 "li ming" sorts
before 连杰 "lian jie"), and its initials ("zf"). Characters that are not Chinese (digits,
Latin letters) stay as they are, in lower case; punctuation is left out.
"""

from __future__ import annotations

import functools

# Surnames whose everyday reading is not the one pypinyin picks for the character alone
# (曾国藩 is Zeng, not Ceng). Applied to the first character of a person's name only.
SURNAMES: dict[str, str] = {
    "曾": "zeng",
    "单": "shan",
    "解": "xie",
    "仇": "qiu",
    "朴": "piao",
    "查": "zha",
    "区": "ou",
    "覃": "qin",
    "乐": "yue",
    "盖": "ge",
    "缪": "miao",
    "翟": "zhai",
    "尉": "yu",
    "召": "shao",
    "种": "chong",
    "秘": "bi",
    "冼": "xian",
    "繁": "po",
    "员": "yun",
    "句": "gou",
    "宓": "mi",
    "牟": "mou",
    "祭": "zhai",
    "隗": "wei",
    "佴": "nai",
    "褚": "chu",
    "长": "chang",
    "重": "chong",
}

# Every toneless syllable pypinyin can give (its pinyin_dict, ü written v), for reading
# what the clerk types; tests/test_search.py checks it against pypinyin's data.
_SYLLABLE_TEXT = """
a ai an ang ao ba bai ban bang bao bei ben beng bi bian biang biao bie bin bing bo bong bu
ca cai can cang cao ce cei cen ceng cha chai chan chang chao che chen cheng chi chong chou
chu chua chuai chuan chuang chui chun chuo ci cong cou cu cuan cui cun cuo da dai dan dang
dao de dei den deng di dia dian diao die din ding diu dong dou du duan dui dun duo e ei en
eng er fa fan fang fei fen feng fiao fo fou fu ga gai gan gang gao ge gei gen geng gong
gou gu gua guai guan guang gui gun guo ha hai han hang hao he hei hen heng hm hng hong hou
hu hua huai huan huang hui hun huo ji jia jian jiang jiao jie jin jing jiong jiu ju juan
jue jun ka kai kan kang kao ke kei ken keng kong kou ku kua kuai kuan kuang kui kun kuo la
lai lan lang lao le lei len leng li lia lian liang liao lie lin ling liu lo long lou lu
luan lun luo lv lve m ma mai man mang mao me mei men meng mi mian miao mie min ming miu mo
mou mu n na nai nan nang nao ne nei nen neng ng ni nia nian niang niao nie nin ning niu
nong nou nu nuan nun nuo nv nve o ou pa pai pan pang pao pei pen peng pi pian piao pie pin
ping po pou pu qi qia qian qiang qiao qie qin qing qiong qiu qu quan que qun ran rang rao
re ren reng ri rong rou ru rua ruan rui run ruo sa sai san sang sao se sen seng sha shai
shan shang shao she shei shen sheng shi shou shu shua shuai shuan shuang shui shun shuo si
song sou su suan sui sun suo ta tai tan tang tao te tei teng ti tian tiao tie ting tong
tou tu tuan tui tun tuo wa wai wan wang wei wen weng wo wong wu xi xia xian xiang xiao xie
xin xing xiong xiu xu xuan xue xun ya yan yang yao ye yi yin ying yo yong you yu yuan yue
yun za zai zan zang zao ze zei zen zeng zha zhai zhan zhang zhao zhe zhei zhen zheng zhi
zhong zhou zhu zhua zhuai zhuan zhuang zhui zhun zhuo zi zong zou zu zuan zui zun zuo
"""
SYLLABLES = frozenset(_SYLLABLE_TEXT.split())


@functools.lru_cache(maxsize=4096)
def syllables(name: str, *, person: bool = False) -> tuple[str, ...]:
    """The name read as toneless syllables (and lower-case runs of letters/digits)."""
    from pypinyin import lazy_pinyin  # imported on first use: its dictionaries load slowly

    text = name.strip()
    if not text:
        return ()
    out: list[str] = []
    for chunk in lazy_pinyin(text, v_to_u=False):
        if chunk.isascii() and chunk.isalpha() and chunk.islower():
            out.append(chunk)  # a Chinese character's reading
            continue
        # a run pypinyin left alone: keep its letters and digits, drop punctuation
        word = "".join(c for c in chunk.lower() if c.isascii() and c.isalnum())
        if word:
            out.append(word)
    if person and text[0] in SURNAMES and out:
        out[0] = SURNAMES[text[0]]
    return tuple(out)


def name_keys(name: str, *, person: bool = False) -> dict[str, str | None]:
    """The stored search keys of a name: name_pinyin ("zhang fan") and name_initials ("zf")."""
    parts = syllables(name, person=person)
    if not parts:
        return {"name_pinyin": None, "name_initials": None}
    return {"name_pinyin": " ".join(parts), "name_initials": "".join(p[0] for p in parts)}


def person_keys(name: str) -> dict[str, str | None]:
    return name_keys(name, person=True)


def unit_keys(name: str) -> dict[str, str | None]:
    return name_keys(name)
