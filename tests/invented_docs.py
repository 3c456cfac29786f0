"""Invented documents of invented regions, phrased unlike the seeds, to show that comparison and the
unit registry follow general rules (subject normalisation, requirement keys, unit aliases), not the seeds.
"""

from __future__ import annotations

from index.core.model import Document

WANGCHUAN_PLAN = Document(
    id="wangchuan0001",
    title="中共望川县委关于加强人大工作的任务分解方案",
    region="望川县",
    province="某省",
    level="county",
    issuer="中共望川县委",
    doc_number="望发〔2023〕9号",
    published="2023-03-01",
    kind="任务分解方案",
    source="https://example.invalid/wangchuan/plan.html",
    body="""一、加强人大自身建设

（一）优化常委会组成人员结构。常委会专职组成人员比例不低于百分之五十五。

责任单位：县委组织部

协作单位：县人大常委会

（二）规范会议制度。县人民代表大会常务委员会会议每三个月至少召开一次。

责任单位：县人大常委会办公室

完成时限：2025年6月底前

（三）加强乡镇人大建设。每个乡镇人大配备专职副主席1名。

责任单位：县委办

协作单位：县财政局
""",
)

WANGCHUAN_OPINION = Document(
    id="wangchuan0002",
    title="望川县人大常委会关于做好代表建议办理工作的意见",
    region="望川县",
    province="某省",
    level="county",
    issuer="望川县人大常委会",
    published="2024-01-10",
    kind="意见",
    source="https://example.invalid/wangchuan/jianyi.html",
    body="""一、提高代表建议办理质量

（一）代表建议办理实行重点督办制度，由望川县人大常委会牵头，县委办公室配合。
""",
)

LINXI_RULES = Document(
    id="linxi0000001",
    title="临溪市人民代表大会常务委员会议事规则",
    region="临溪市",
    province="某省",
    level="city",
    issuer="临溪市人民代表大会常务委员会",
    adopted="2019-06-30",
    kind="议事规则",
    source="https://example.invalid/linxi/rules.html",
    body="""第一条 为了规范常务委员会的议事活动，根据有关法律，制定本规则。

第二条 市人大常委会会议一般每月举行一次。

第三条 专职组成人员占常委会组成人员的比例应当达到三分之二以上。市人大常委会专职委员的比例要逐步达到45%。

第四条 各乡镇人民代表大会设专职副主席一至二名。

第五条 代表建议、批评和意见应当自交办之日起三个月内办理完毕并答复代表。
""",
)

BEILING_LIST = Document(
    id="beiling00001",
    title="中共北岭县委办公室关于印发加强乡镇人大工作任务清单的通知",
    region="北岭县",
    province="另一省",
    level="county",
    issuer="中共北岭县委办公室",
    doc_number="北办发〔2022〕14号",
    published="2022-08-08",
    kind="通知",
    source="https://example.invalid/beiling/list.html",
    body="""1. 规范常委会会议。常务委员会会议原则上每两个月召开一次，必要时可以临时召开。

责任单位：县人大常委会办公室

2. 配强乡镇人大力量。乡、民族乡、镇人大主席团设专职副主席3名。

责任单位：县委组织部、县编办

协作单位：县财政局

完成时限：2024年底前

3. 认真办理代表建议。承办单位应当在3个月内答复代表建议。

责任单位：县政府办公室
""",
)

INVENTED_DOCUMENTS = (WANGCHUAN_PLAN, WANGCHUAN_OPINION, LINXI_RULES, BEILING_LIST)
