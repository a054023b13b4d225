"""People: names drawn by surname frequency, mobile numbers, and the office's own cadres."""

from __future__ import annotations

import random
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    pass


# -- names ------------------------------------------------------------------------------

_SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程"
    "苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝"
    "龚邵万钱严覃武戴莫孔向汤"
)
_SURNAME_WEIGHTS = tuple(1.0 / (i + 6) for i in range(len(_SURNAMES)))
_COMPOUND_SURNAMES = ("欧阳", "司马", "上官", "诸葛")
_MALE_1 = "建志国海文晓永德立世俊家子明新卫振宏长春庆博浩宇嘉学红保金"
_MALE_2 = "华强明军平伟东林峰波刚杰斌辉勇涛鹏飞超磊鑫宇凯亮成龙生忠民"
_FEMALE_1 = "秀丽晓美玉桂海春雪慧静婷红艳淑雅欣佳丹梦文小月凤"
_FEMALE_2 = "英兰芳娟霞梅燕萍玲丽敏静琴红华洁婷琳颖雪莉云"
_MALE_SINGLE = "伟强磊军勇杰涛明超刚平辉鹏华飞鑫波斌浩凯健俊峰毅"
_FEMALE_SINGLE = "芳敏静丽艳娟霞燕玲婷红梅琳洁颖雪莉萍"


def _name(rng: random.Random, gender: str) -> str:
    if rng.random() < 0.006:
        surname = rng.choice(_COMPOUND_SURNAMES)
    else:
        surname = rng.choices(_SURNAMES, _SURNAME_WEIGHTS)[0]
    male = gender == "男"
    if rng.random() < 0.18:  # single given name: 王芳, 李强
        return surname + rng.choice(_MALE_SINGLE if male else _FEMALE_SINGLE)
    first = rng.choice(_MALE_1 if male else _FEMALE_1)
    second = rng.choice(_MALE_2 if male else _FEMALE_2)
    if second == first:
        second = rng.choice(_MALE_2 if male else _FEMALE_2)
    return surname + first + second


def _mobile(rng: random.Random) -> str:
    prefix = rng.choice(("133", "135", "137", "138", "139", "150", "152", "158", "177", "187"))
    return prefix + f"{rng.randrange(100_000_000):08d}"


# The office's own people (not in the persons register: the office does not supervise itself).
SECRETARY = "周振华"  # 县委常委、县纪委书记、县监委主任
DEPUTIES = ("刘建国", "孙丽")  # 县纪委副书记、县监委副主任
STANDING = "陈志远"  # 县纪委常委
ROOMS = (
    ("第一纪检监察室", "杨帆"),
    ("第二纪检监察室", "吴海燕"),
    ("党风政风监督室", "郑伟"),
    ("案件审理室", "马静"),
)
CADRES = ("黄婷", "李想", "赵宇航", "何晓东", "林芳", "王磊")
TALK_ROOM = "县纪委监委谈话室"
