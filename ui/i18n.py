"""Every text the app shows, in Simplified Chinese and English.

``t("key", **values)`` gives the text in the language chosen in the sidebar. Names
that belong to the supervisor (people, shifts, skills) are never translated.
"""

from __future__ import annotations

import re

from scheduler import RULES
from scheduler.explain import Lang
from ui import state

LANGUAGES = {"zh": "中文", "en": "English"}

# key: (English, 中文)
TEXT: dict[str, tuple[str, str]] = {
    # ------------------------------------------------------------ app and navigation
    "app_title": ("Rostering for customer service", "客服排班"),
    "language": ("语言 / Language", "语言 / Language"),
    "nav_setup": ("Inputs", "输入"),
    "nav_result": ("Results", "结果"),
    "page_scenario": ("Scenario", "方案"),
    "page_team": ("Team", "团队"),
    "page_shifts": ("Shifts & rules", "班次与规则"),
    "page_calendar": ("Calendar & demand", "日历与需求"),
    "page_requests": ("Requests", "请假与意愿"),
    "page_solve": ("Solve", "生成排班"),
    "page_roster": ("Roster", "排班表"),
    "page_export": ("Export", "导出"),
    "sidebar_scenario": ("Scenario: **{name}**", "当前方案：**{name}**"),
    "sidebar_people_days": ("{people} people · {days} days from {start}",
                            "{people} 人 · {start} 起 {days} 天"),
    "sidebar_unsaved": ("Edited since it was opened: download it on the Scenario page to keep"
                        " the changes.", "打开后已修改：请在“方案”页下载保存，以免丢失。"),
    "sidebar_solving": ("A solve is running…", "正在生成排班…"),
    "unnamed": ("(unnamed)", "（未命名）"),
    # ------------------------------------------------------------ errors
    "errors_title": ("{count} problem(s) — nothing was changed until they are fixed:",
                     "发现 {count} 个问题，修正之前不会生效："),
    "col_where": ("Where", "位置"),
    "col_value": ("Value", "填写的值"),
    "col_problem": ("What is wrong", "问题"),
    "row_n": ("row {n}", "第 {n} 行"),
    "item_n": ("item {n}", "第 {n} 项"),
    "whole_scenario": ("(whole scenario)", "（整个方案）"),
    "edits_kept": ("Your other edits in this table are kept; fix the rows listed.",
                   "表格中的其他修改仍保留，请修正上面列出的行。"),
    "applied": ("Saved in this session.", "已保存到当前会话。"),
    # ------------------------------------------------------------ scenario page
    "scenario_intro": ("Open a bundled scenario, upload your own YAML/JSON file, or start from"
                       " a template. Edits stay in this browser session until you download"
                       " the scenario.",
                       "打开示例方案、上传自己的 YAML/JSON 文件，或从模板新建。修改保存在当前"
                       "浏览器会话中，下载后才会保存到文件。"),
    "open_bundled": ("Bundled scenarios", "示例方案"),
    "open": ("Open", "打开"),
    "upload": ("Upload a scenario (YAML or JSON)", "上传方案（YAML 或 JSON）"),
    "upload_apply": ("Use the uploaded file", "使用上传的文件"),
    "template": ("Start a new scenario from the template", "从模板新建方案"),
    "template_start": ("First day of the new roster", "新排班的第一天"),
    "template_create": ("Create", "新建"),
    "opened": ("Opened {name}.", "已打开 {name}。"),
    "roster_closed": ("The roster of the scenario before (or its solve still running) was"
                      " closed: solve this one for its own.",
                      "上一个场景的排班表（或正在进行的求解）已关闭，请为本场景重新排班。"),
    "edits_discarded": ("The edits of the scenario before had not been downloaded and are"
                        " gone.", "上一个场景未下载的修改已丢弃。"),
    "open_failed": ("{source} could not be opened:", "无法打开 {source}："),
    "scenario_name": ("Scenario name", "方案名称"),
    "download_yaml": ("Download scenario (YAML)", "下载方案（YAML）"),
    "download_json": ("Download scenario (JSON)", "下载方案（JSON）"),
    "overview": ("Overview", "概览"),
    "m_people": ("People", "人数"),
    "m_days": ("Days", "天数"),
    "m_shifts": ("Shift types", "班次"),
    "m_holidays": ("Holidays", "节假日"),
    "m_leave": ("Leave days", "请假天数"),
    "m_period": ("Period", "排班周期"),
    "m_period_value": ("Period: {first} to {last}", "排班周期：{first} 至 {last}"),
    "calendar_notes": ("Calendar notes", "日历提示"),
    # ------------------------------------------------------------ team page
    "team_intro": ("One row per person. Lists are written with commas (`pre_sales,"
                   " after_sales`). Leave *allowed shifts* empty for every shift. Add a row at"
                   " the bottom of the table; select rows to delete them.",
                   "每行一位员工。多个值用逗号分隔（如 `pre_sales, after_sales`）。“可上班次”"
                   "留空表示所有班次都可以。在表格底部添加行；选中行后可删除。"),
    "c_id": ("ID", "工号"),
    "c_name": ("Name", "姓名"),
    "c_skills": ("Skills", "技能"),
    "c_allowed": ("Allowed shifts", "可上班次"),
    "c_contract": ("Contract h/week", "合同工时/周"),
    "c_min_week": ("Min h/week", "每周最少工时"),
    "c_max_week": ("Max h/week", "每周最多工时"),
    "c_max_shifts": ("Max shifts (shift: n)", "班次上限（班次: 次数）"),
    "c_role": ("Role (holiday rotation)", "岗位（节假日轮休）"),
    "c_holiday_worked": ("Holidays worked this year", "今年已上节假日"),
    "c_history": ("Last days before the period", "排班前最近几天"),
    "c_crew": ("Crew", "班组"),
    "h_crew": ("People of a crew rotate together", "同一班组的人一起轮换"),
    "c_offset": ("Rotation week", "轮换起始周"),
    "h_offset": ("Week of the rotation cycle at the anchor week (0 = first); empty: chosen by"
                 " the solver", "基准周所处的轮换周（0 = 第一周）；留空 = 由求解器选择"),
    "r_rotation": ("Weekly rotation of shift families", "班次按周轮换"),
    "r_rotation_on": ("People rotate between shift families week by week",
                      "员工按周在班次类别之间轮换"),
    "r_cycle": ("Cycle: one family per week, in order", "循环：每周一个班次类别，按顺序"),
    "r_cycle_help": ("e.g. day, day, evening: three weeks", "例如 day, day, evening：三周一循环"),
    "r_mode": ("Kind", "类型"),
    "r_anchor": ("Anchor Monday (keep it fixed across periods)", "基准周一（各期保持不变）"),
    "r_anchor_default": ("Monday of the first week of the period", "排班周期第一周的周一"),
    "r_change_days": ("Change days (either week's family)", "换班日（可上前后两周的班次）"),
    "r_exempt": ("Who does not rotate (floaters)", "不参与轮换的人（机动）"),
    "h_skills": ("e.g. pre_sales, after_sales, order_processing",
                 "例如 pre_sales（售前）, after_sales（售后）, order_processing（制单）"),
    "h_allowed": ("Shift ids, e.g. day, evening; empty: all shifts",
                  "班次编号，如 day, evening；留空=全部班次"),
    "h_history": ("Shift ids or OFF/LEAVE, oldest first", "班次编号或 OFF/LEAVE，从早到晚"),
    "h_contract": ("Reference for fair hours; empty: team default",
                   "工时公平的参考；留空=团队默认值"),
    "team_size": ("{people} people; skills: {skills}", "共 {people} 人；技能：{skills}"),
    # ------------------------------------------------------------ shifts and rules
    "shifts_title": ("Shift types", "班次"),
    "shifts_intro": ("A shift is one or more time segments (split shifts have two); paid hours"
                     " are the sum of the segments, breaks are unpaid. Shifts of one *family*"
                     " share a colour and count together (day, evening…).",
                     "一个班次由一个或多个时间段组成（两头班有两段）；工时为各段之和，中间休息"
                     "不计工时。同一“类别”的班次颜色相同，一起统计（白班、晚班……）。"),
    "c_family": ("Family", "类别"),
    "c_shift_id": ("Shift ID", "班次编号"),
    "c_segments_short": ("Segments", "时间段"),
    "c_segments": ("Segments (HH:MM-HH:MM, comma separated)", "时间段（HH:MM-HH:MM，逗号分隔）"),
    "c_color": ("Colour (#RRGGBB)", "颜色（#RRGGBB）"),
    "c_paid": ("Paid hours", "工时"),
    "shift_preview": ("Preview", "预览"),
    "rules_title": ("Rules", "规则"),
    "rules_intro": ("Hard rules are never broken; soft rules cost their weight per unit and"
                    " the solver keeps the total low. Empty a number to switch a rule off.",
                    "硬性规则绝不违反；软性规则每违反一个单位按权重计分，求解器使总分尽量低。"
                    "清空数值即关闭该规则。"),
    "r_work": ("Working days and rest", "上班天数与休息"),
    "r_max_consecutive": ("At most N working days in a row", "最多连续上班天数"),
    "r_max_consecutive_help": ("Six on, one off (做六休一): 6.", "做六休一：填 6。"),
    "r_days_off_week": ("Days off in every calendar week", "每个自然周至少休息天数"),
    "r_days_off_week_help": ("每周单休: 1.", "每周单休：填 1。"),
    "r_days_off_month": ("Days off per month (instead of weekly)", "每月至少休息天数（按月）"),
    "r_days_off_month_help": ("Some teams give e.g. 4 rest days a month; empty: not used.",
                              "有的团队每月休 4 天；留空=不使用。"),
    "r_rest": ("Minimum rest between shifts (hours)", "两班之间最少休息（小时）"),
    "r_rest_help": ("From the real segment times, across midnight.",
                    "按实际时间段计算，跨越午夜。"),
    "r_continuous": ("Continuous work at most (hours)", "连续工作不超过（小时）"),
    "r_continuous_help": ("A longer segment is an input error: split it with a break.",
                          "超过的时间段是输入错误：请用休息拆分。"),
    "r_successions": ("Forbidden successions (*first* one day, *then* the next: not allowed)",
                      "禁止的班次衔接（上完“前一班”后第二天不能上“后一班”）"),
    "c_first": ("First", "前一班"),
    "c_then": ("Then (next day)", "后一班（次日）"),
    "r_evening_families": ("Evening/night families", "晚班/夜班类别"),
    "r_evening_help": ("Counted for fair evenings.", "用于晚班次数公平统计。"),
    "r_holidays": ("Holidays", "节假日"),
    "r_holiday_cover": ("On every holiday, at least this many on each family",
                        "每个节假日每类班次至少人数"),
    "c_min": ("Min", "最少"),
    "c_skill": ("Skill (optional)", "技能（可选）"),
    "r_holiday_spread": ("Holiday days worked: most minus least within a role",
                         "同岗位节假日上班天数最多差"),
    "r_holiday_spread_help": ("节假日实行轮休. Empty: no limit.", "节假日实行轮休。留空=不限。"),
    "r_holiday_off": ("Holidays each person has off", "每人节假日至少休息天数"),
    "r_meeting": ("Weekly team meeting", "每周例会"),
    "r_meeting_on": ("There is a weekly meeting", "有每周例会"),
    "r_meeting_day": ("Weekday", "星期"),
    "r_meeting_start": ("Start (HH:MM)", "开始（HH:MM）"),
    "r_meeting_end": ("End (HH:MM)", "结束（HH:MM）"),
    "r_meeting_min": ("At least this many attend (empty: no minimum)",
                      "至少参会人数（留空=不限）"),
    "r_fairness": ("Fairness and hours", "公平与工时"),
    "r_fair_hours": ("Hours above/below the team average that are free",
                     "工时高于/低于团队平均的免罚范围（小时）"),
    "r_fair_evenings": ("Evening shifts above/below the average that are free",
                        "晚班次数高于/低于平均的免罚范围"),
    "r_fair_weekends": ("Weekend days above/below the average that are free",
                        "周末上班天数高于/低于平均的免罚范围"),
    "r_default_contract": ("Default contract hours per week", "默认每周合同工时"),
    "r_leave_credit": ("Hours a leave day counts toward minimum hours",
                       "请假一天计入最少工时的小时数"),
    "r_weights": ("Weights of the soft rules (cost per unit)", "软性规则权重（每单位扣分）"),
    "c_rule": ("Rule", "规则"),
    "c_kind": ("Kind", "类型"),
    "c_unit": ("Unit", "单位"),
    "c_weight": ("Weight", "权重"),
    "c_formula": ("How it is counted", "计算方式"),
    "hard": ("hard", "硬性"),
    "soft": ("soft", "软性"),
    "catalogue": ("All rules", "全部规则"),
    "soft_suffix": (" (soft)", "（软性）"),
    # ------------------------------------------------------------ calendar and demand
    "horizon": ("Roster period", "排班周期"),
    "h_start": ("First day", "第一天"),
    "h_days": ("Number of days", "天数"),
    "country_cn": ("Official Chinese holidays and make-up workdays (调休)",
                   "使用国家法定节假日与调休"),
    "calendar_title": ("Calendar", "日历"),
    "holidays_extra": ("Extra holidays (shop days)", "额外节假日（店铺自定）"),
    "not_holidays": ("Not holidays (corrections)", "不算节假日（更正）"),
    "makeup_days": ("Make-up workdays (调休)", "调休上班日"),
    "peak_days": ("Peak days (targets are multiplied)", "大促日（目标人数乘以倍数）"),
    "c_date": ("Date", "日期"),
    "c_multiplier": ("Multiplier", "倍数"),
    "c_peak_name": ("Name", "名称"),
    "coverage_title": ("Coverage: people needed per shift", "人数需求：每个班次需要的人数"),
    "coverage_intro": ("The most specific row wins for each date, shift and skill: dates, then"
                       " day types on holidays and make-up days, then weekdays, then day types,"
                       " then rows for every day. *Min* is hard (unless soft), *target* is"
                       " wished.",
                       "每个日期、班次、技能取最具体的一行：指定日期 > 节假日/调休日的日期类型 >"
                       " 星期 > 日期类型 > 每天。“最少”是硬性要求（除非勾选“可缺”），“目标”是"
                       "希望达到的人数。"),
    "c_shift": ("Shift", "班次"),
    "c_target": ("Target", "目标"),
    "c_min_soft": ("Min may be missed (soft)", "最少人数可缺（软性）"),
    "c_dates": ("Dates", "指定日期"),
    "c_weekdays": ("Weekdays (mon…sun)", "星期（mon…sun）"),
    "c_day_types": ("Day types (workday, weekend, holiday)",
                    "日期类型（workday, weekend, holiday）"),
    "required_per_day": ("Required per day (min / target) for everyone on the shift",
                         "每天需要人数（最少 / 目标），不分技能"),
    "staffing_title": ("Staffing from chat volume", "按咨询量推算的人数"),
    "staffing_intro": ("Agents needed per interval to meet the reply-time target, from the"
                       " expected chats (Erlang C/A with chat concurrency); peak days multiply"
                       " the chats.",
                       "根据预计咨询量推算每个时段达到回复时效所需的客服人数（考虑同时接待多个"
                       "会话的排队模型）；大促日咨询量按倍数增加。"),
    "staffing_failed": ("The chat demand cannot be used: {error}", "咨询量数据无法使用：{error}"),
    "staffing_required": ("Agents needed", "所需客服人数"),
    "staffing_chats": ("Expected new chats", "预计新咨询数"),
    "staffing_time": ("Interval", "时段"),
    "day_types_title": ("Days of the period", "排班周期内的日期"),
    "demand_note": ("This scenario gives demand as headcount per shift; it has no chat"
                    " forecast, so no staffing from chat volume is shown.",
                    "本方案按每班人数填写需求，没有咨询量预测，因此不显示按咨询量推算的人数。"),
    # ------------------------------------------------------------ requests
    "requests_intro": ("Approved leave is never worked. Day-off wishes and wanted/unwanted"
                       " shifts are honoured where possible. Locked cells keep their value.",
                       "批准的请假一定不排班；休息意愿和想上/不想上的班次尽量满足；锁定的格子"
                       "保持不变。"),
    "leave_title": ("Leave", "请假"),
    "c_employee": ("Person (ID)", "员工（工号）"),
    "c_leave_start": ("From", "开始"),
    "c_leave_end": ("To (empty: one day)", "结束（留空=一天）"),
    "c_reason": ("Reason", "原因"),
    "wishes_title": ("Day-off wishes", "休息意愿"),
    "c_weight_opt": ("Weight (empty: default)", "权重（留空=默认）"),
    "shift_wishes_title": ("Wanted and unwanted shifts", "想上/不想上的班次"),
    "c_want": ("Wanted (unticked: not wanted)", "想上（不勾=不想上）"),
    "locks_title": ("Locked cells", "锁定的格子"),
    "c_lock_shift": ("Shift or off", "班次或休息"),
    "requests_grid": ("Overview", "一览"),
    "legend_leave": ("leave", "请假"),
    "legend_wish_off": ("wishes a day off", "想休息"),
    "legend_lock": ("locked", "锁定"),
    "legend_want": ("wants / does not want a shift", "想上/不想上某班"),
    # ------------------------------------------------------------ solve
    "solve_intro": ("The solver looks for the roster with the lowest cost that keeps every hard"
                    " rule. It runs in the background: you can stop it any time and keep the"
                    " best roster found so far.",
                    "求解器寻找满足全部硬性规则且扣分最低的排班。在后台运行，可随时停止，"
                    "并保留目前最好的排班。"),
    "time_limit": ("Time limit (seconds)", "时间限制（秒）"),
    "workers": ("Parallel workers", "并行线程数"),
    "seed": ("Random seed", "随机种子"),
    "start_solve": ("Build the roster", "开始排班"),
    "resolve": ("Re-solve the rest (keeps locks, starts from the current roster)",
                "重新排其余部分（保留锁定，从当前排班开始）"),
    "stop": ("Stop and keep the best roster", "停止并保留当前最好结果"),
    "running": ("Solving… {elapsed:.0f} s of {limit:.0f} s", "正在求解…已用 {elapsed:.0f} 秒 / 共"
                " {limit:.0f} 秒"),
    "stopping": ("Stopping…", "正在停止…"),
    "waiting_first": ("Looking for a first roster that keeps every hard rule…",
                      "正在寻找满足全部硬性规则的第一个排班…"),
    "objective": ("Cost (objective)", "扣分（目标值）"),
    "bound": ("Best possible (bound)", "理论最好（下界）"),
    "gap": ("Gap", "差距"),
    "chart_time": ("seconds", "秒"),
    "chart_value": ("cost", "扣分"),
    "done": ("Done: {status}.", "完成：{status}。"),
    "view_roster": ("Show the roster", "查看排班表"),
    "solve_failed": ("The solve failed: {error}", "求解失败：{error}"),
    "no_roster_found": ("No roster: {message}", "没有得到排班：{message}"),
    "infeasible_hint": ("No roster keeps every hard rule. Lower a minimum headcount, allow more"
                        " shifts, or remove a lock, then solve again.",
                        "没有排班能满足全部硬性规则。请降低最少人数、放宽可上班次或取消锁定后"
                        "再试。"),
    "explain": ("Explain why (up to 30 s)", "查找原因（最多 30 秒）"),
    "explaining": ("Looking for the rules in conflict…", "正在查找相互冲突的规则…"),
    "explain_title": ("These rules cannot all hold together:", "以下规则无法同时满足："),
    "explain_minimal": ("A minimal set: drop any one of them and a roster exists.",
                        "这是最小集合：去掉其中任意一条即可排出班。"),
    "explain_not_minimal": ("Not proven minimal within the time limit.",
                            "未能在时限内证明为最小集合。"),
    "status_optimal": ("optimal (proven best)", "最优（已证明最好）"),
    "status_feasible": ("feasible (best found in the time)", "可行（时限内找到的最好结果）"),
    "status_infeasible": ("infeasible", "无解"),
    "status_unknown": ("no roster found in the time", "时限内未找到排班"),
    "status_invalid": ("invalid model", "模型无效"),
    "short_optimal": ("Optimal", "最优"),
    "short_feasible": ("Feasible", "可行"),
    "short_infeasible": ("Infeasible", "无解"),
    "short_unknown": ("Not found", "未找到"),
    "short_invalid": ("Invalid", "无效"),
    "result_status": ("Result", "结果"),
    "stopped_early": ("Stopped early: the best roster so far is kept.",
                      "已提前停止：保留了目前最好的排班。"),
    "time_taken": ("Time taken: {seconds:.1f} s", "用时：{seconds:.1f} 秒"),
    # ------------------------------------------------------------ roster
    "no_roster": ("No roster yet: build one on the Solve page.",
                  "还没有排班：请到“生成排班”页生成。"),
    "go_solve": ("Go to Solve", "去生成排班"),
    "stale": ("The inputs changed after this roster was built; it is shown for the inputs it"
              " was built from. Re-solve to use the changes.",
              "生成此排班后输入已修改；这里显示的是按原输入生成的排班。请重新求解以使用修改。"),
    "hard_ok": ("Every hard rule is kept (checked independently).",
                "全部硬性规则均满足（已独立核查）。"),
    "hard_broken": ("{count} hard rule violation(s):", "有 {count} 处违反硬性规则："),
    "grid_title": ("Roster", "排班表"),
    "legend": ("Legend", "图例"),
    "off": ("Off", "休"),
    "leave": ("Leave", "假"),
    "weekend": ("weekend", "周末"),
    "holiday": ("holiday", "节假日"),
    "makeup_workday": ("make-up workday", "调休上班"),
    "workday": ("workday", "工作日"),
    "locked_cell": ("locked", "锁定"),
    "peak_day": ("peak day", "大促"),
    "changed_cell": ("changed since the previous solve", "与上次结果不同"),
    "person": ("Person", "员工"),
    "staffed": ("On shift", "在岗人数"),
    "legend_off_cell": ("day off", "休息"),
    "legend_leave_cell": ("on leave", "请假"),
    "c_shift_name": ("Name", "名称"),
    "coverage_vs": ("Coverage against what is required", "实际人数与需求对比"),
    "coverage_caption": ("Each cell: people on the family's shifts / minimum required. Red: below"
                         " the minimum; orange: below the target.",
                         "每格：该类班次在岗人数 / 最少需求。红色=低于最少；橙色=低于目标。"),
    "coverage_detail": ("Every need (shift, skill) that is below its target",
                        "低于目标人数的需求（班次、技能）"),
    "cell_need": ("minimum {min}, target {target}", "最少 {min}，目标 {target}"),
    "c_day_type": ("Day type", "日期类型"),
    "c_short_of_min": ("Missing for the minimum", "距最少还缺"),
    "c_short_of_target": ("Missing for the target", "距目标还缺"),
    "all_targets_met": ("Every target is met.", "所有目标人数均已满足。"),
    "totals_title": ("Per person", "每人统计"),
    "t_hours": ("Hours", "工时"),
    "t_contract": ("Contract hours", "合同工时"),
    "t_shifts": ("Shifts", "班数"),
    "t_evenings": ("Evenings", "晚班"),
    "t_weekends": ("Weekend days", "周末上班"),
    "t_holidays": ("Holidays worked", "节假日上班"),
    "t_days_off": ("Days off", "休息"),
    "t_leave": ("Leave days", "请假"),
    "spread_title": ("Team spread", "团队差异"),
    "s_metric": ("Measure", "指标"),
    "s_min": ("Lowest", "最少"),
    "s_max": ("Highest", "最多"),
    "s_mean": ("Average", "平均"),
    "s_spread": ("Spread", "差距"),
    "penalties_title": ("Why it costs what it costs", "扣分明细"),
    "p_total": ("Total cost {total}", "总扣分 {total}"),
    "p_by_rule": ("By rule", "按规则"),
    "p_by_person": ("By person", "按员工"),
    "p_detail": ("Every penalty", "全部扣分项"),
    "p_amount": ("Cost", "扣分"),
    "p_detail_col": ("Detail", "说明"),
    "no_penalties": ("No penalties: every wish and target is met.",
                     "没有扣分：所有意愿和目标都已满足。"),
    "adjust_title": ("Adjust: lock or change a cell, then re-solve the rest",
                     "调整：锁定或修改格子，然后重新排其余部分"),
    "adjust_person": ("Person", "员工"),
    "adjust_date": ("Date", "日期"),
    "adjust_shift": ("Value", "班次"),
    "lock_as_is": ("Lock as it is", "按当前锁定"),
    "set_and_lock": ("Set and lock", "修改并锁定"),
    "unlock": ("Unlock", "取消锁定"),
    "lock_row": ("Lock this person's whole row", "锁定此人整行"),
    "locked_now": ("{count} cell(s) locked.", "已锁定 {count} 个格子。"),
    "lock_done": ("Locked {who} on {date}: {value}.", "已锁定 {who} {date}：{value}。"),
    "unlock_done": ("Unlocked {who} on {date}.", "已取消锁定 {who} {date}。"),
    "compare_title": ("Compared with the previous solve", "与上一次结果对比"),
    "compare_none": ("No previous solve to compare with.", "没有上一次的结果可对比。"),
    "compare_same": ("Same roster as the previous solve.", "与上一次结果相同。"),
    "compare_count": ("{count} cell(s) changed; cost {before} → {after}.",
                      "有 {count} 个格子变化；扣分 {before} → {after}。"),
    "c_before": ("Before", "之前"),
    "c_after": ("After", "之后"),
    # ------------------------------------------------------------ service from chat demand
    "service_tab": ("Chat service", "咨询服务"),
    "service_intro": ("Agents on the roster against the agents the chat forecast needs, per"
                      " interval and skill, and the reply rates the roster is predicted to"
                      " deliver (queue model with the scenario's service settings).",
                      "按时段和技能对比排班在岗客服人数与咨询量预测所需人数，以及按方案的服务"
                      "参数（排队模型）预测此排班能达到的回复率。"),
    "service_day": ("Day", "日期"),
    "service_skill": ("Skill", "技能"),
    "service_required": ("Required agents", "所需人数"),
    "service_scheduled": ("Agents on the roster", "排班人数"),
    "service_short": ("Short", "缺口"),
    "service_agents": ("Agents", "人数"),
    "service_table_caption": ("The service hours of the day; average wait \"—\": the queue"
                              " is not answered (too few agents).",
                              "当天的服务时段；平均等待为“—”表示人数不足、无法接待排队咨询。"),
    "service_chats": ("Chats", "咨询数"),
    "service_in_target": ("Answered in target", "达标回复率"),
    "service_3min": ("Within 3 min", "3分钟回复率"),
    "service_asa": ("Average wait (s)", "平均等待（秒）"),
    "service_chart": ("Required and scheduled agents, {skill}, {day}",
                      "所需与排班人数：{skill}，{day}"),
    "service_short_intervals": ("{count} interval(s) of this day have fewer agents than"
                                " required.", "当天有 {count} 个时段排班人数少于所需人数。"),
    "service_no_short": ("Every interval of this day has the agents it needs.",
                         "当天每个时段的人数都已满足。"),
    "service_daily": ("Predicted service per day", "每日预测服务水平"),
    "service_daily_caption": ("3-minute reply rate per skill; Pinduoduo: share of the"
                              " 08:00-23:00 chats answered within an hour (the rule is met"
                              " with at least 50%, or fewer than 100 such chats); Kuaishou:"
                              " online hours (at least 16) and the 3-minute rate (at least"
                              " 70%). Red: missed.",
                              "各技能的3分钟回复率；拼多多：08:00-23:00 的咨询在1小时内回复的"
                              "比例（不低于50%，或这类咨询少于100个，即满足规则）；快手：在线时长"
                              "（至少16小时）和3分钟回复率（至少70%）。红色=未达标。"),
    "service_targets": ("3-minute reply rate targets: {targets}.",
                        "3分钟回复率的达标线：{targets}。"),
    "service_pdd_default": ("Pinduoduo publishes no share for this rate: where the scenario"
                            " sets none (service.target_share), {share:.0%} is assumed.",
                            "拼多多未公布该比例：方案未设定（service.target_share）时按"
                            " {share:.0%} 估计。"),
    "metric_reply_3min": ("3-min reply rate", "3分钟回复率"),
    "metric_pdd_one_hour": ("Pinduoduo 1-hour rule", "拼多多1小时回复"),
    "metric_online_hours": ("Kuaishou online hours", "快手在线时长"),
    "service_metric": ("Measure", "指标"),
    "service_lowest": ("Lowest", "最低"),
    "service_mean": ("Average", "平均"),
    "service_missed": ("Days missed", "未达标天数"),
    "service_none": ("No service prediction for this roster.", "此排班没有服务预测。"),
    "service_failed": ("The service cannot be predicted: {error}", "无法预测服务水平：{error}"),
    # ------------------------------------------------------------ sick call and swaps
    "sick_tab": ("Sick call", "临时请假"),
    "swap_tab": ("Check a swap", "检查换班"),
    "sick_title": ("Sick call: mend the roster with as few changes as possible",
                   "临时请假：用最少的改动调整排班"),
    "sick_caption": ("The person is off from the first to the last day (added as leave). Days"
                     " before \"change from\" stay as they are; every hard rule is kept.",
                     "此人从开始到结束日期不上班（记为请假）。“从哪天起可调整”之前的日期保持"
                     "不变；所有硬性规则都会满足。"),
    "sick_person": ("Who is absent", "请假员工"),
    "sick_first": ("First day", "开始日期"),
    "sick_last": ("Last day", "结束日期"),
    "sick_from": ("Change from (empty: the first day)", "从哪天起可调整（留空=开始日期）"),
    "sick_limit": ("Time limit (s)", "时间限制（秒）"),
    "sick_run": ("Mend the roster", "调整排班"),
    "sick_running": ("Looking for the fewest changes…", "正在寻找改动最少的排班…"),
    "sick_done": ("Mended: {cells} other cell(s) changed, {hours} h moved ({proof}). The"
                  " mended roster is now the current one; the one before it is kept for the"
                  " comparison.",
                  "已调整：另外改动 {cells} 个格子，调动 {hours} 小时（{proof}）。调整后的排班"
                  "已成为当前排班，之前的排班保留用于对比。"),
    "sick_proven": ("no roster changes fewer cells", "已证明改动最少"),
    "sick_not_proven": ("not proven to be the fewest", "未能证明改动最少"),
    "sick_changes": ("Changes", "改动"),
    "sick_absence": ("Absence", "请假"),
    "sick_cover": ("Cover that day", "当天在岗"),
    "sick_end_before": ("The last day is before the first day.", "结束日期早于开始日期。"),
    "sick_clash": ("{who} is absent on {date}, before the first day that may change: choose"
                   " that date or an earlier one under \"change from\".",
                   "{who} 在 {date} 请假，早于可调整的第一天：请把“从哪天起可调整”设为该日期"
                   "或更早。"),
    "sick_infeasible": ("No roster keeps every hard rule with this absence and the days that"
                        " stay fixed. Try an earlier \"change from\" date, or relax a rule.",
                        "有这次请假且固定日期不变时，没有满足全部硬性规则的排班。请把“从哪天起"
                        "可调整”提前，或放宽规则。"),
    "sick_unknown": ("No mended roster was found within {limit} s; try a longer time limit.",
                     "在 {limit} 秒内没有找到调整后的排班，请加长时间限制。"),
    "sick_stale": ("The inputs changed after this roster was built and it no longer fits"
                   " them: {error}", "生成此排班后输入已修改，排班已不再适用：{error}"),
    "sick_failed": ("The repair failed: {error}", "调整失败：{error}"),
    "sick_conflict": ("This absence conflicts with the scenario:", "这次请假与方案中的内容冲突："),
    "swap_title": ("Check a swap of two cells", "检查两个格子互换"),
    "swap_caption": ("Swaps the two assignments and checks every hard rule (nothing is"
                     " changed).", "互换两个格子的班次并核查全部硬性规则（不会修改排班）。"),
    "swap_a": ("First person", "第一人"),
    "swap_b": ("Second person", "第二人"),
    "swap_date_a": ("First person's date", "第一人的日期"),
    "swap_date_b": ("Second person's date", "第二人的日期"),
    "swap_run": ("Check the swap", "检查互换"),
    "swap_what": ("{a} {date_a}: {va} ↔ {b} {date_b}: {vb}", "{a} {date_a}：{va} ↔ {b}"
                  " {date_b}：{vb}"),
    "swap_ok": ("The swap keeps every hard rule.", "互换后所有硬性规则仍满足。"),
    "swap_broken": ("The swap breaks {count} hard rule(s):", "互换后有 {count} 处违反硬性规则："),
    "swap_same": ("Both cells hold the same value: nothing to swap.",
                  "两个格子的班次相同，无需互换。"),
    "swap_failed": ("The swap cannot be checked: {error}", "无法检查互换：{error}"),
    "c_message": ("What is wrong", "问题"),
    # ------------------------------------------------------------ why a wish was not met
    "why_title": ("Why was a wish not met?", "为什么没有满足这个意愿？"),
    "why_caption": ("Makes the wish a hard rule and searches again (a few seconds): either"
                    " the hard rules in its way, or what meeting it would cost.",
                    "把该意愿设为硬性规则重新求解（需要几秒）：要么列出妨碍它的硬性规则，要么"
                    "给出满足它需要增加的扣分。"),
    "why_pick": ("Wish", "意愿"),
    "why_run": ("Explain", "解释原因"),
    "why_running": ("Searching with the wish made hard…", "正在把意愿设为硬性规则求解…"),
    "why_conflicts": ("Meeting it would break a hard rule, because of:",
                      "满足它会打破以下硬性规则："),
    "why_not_proven": ("(not proven to be the smallest set within the time limit)",
                       "（未能在时限内证明为最小集合）"),
    "why_free": ("It can be met at no extra cost: a roster as good or better meets it (the"
                 " search stopped before finding it). Lock the cell and re-solve.",
                 "可以满足且不增加总扣分：存在同样好或更好的排班（之前的求解在找到它之前停止了）。"
                 "可锁定该格子后重新求解。"),
    "why_costs": ("Meeting it costs {cost} more:", "满足它会使总扣分增加 {cost}："),
    "why_undecided": ("Not decided within the time limit.", "在时限内未能得出结论。"),
    "why_failed": ("The wish cannot be explained: {error}", "无法解释此意愿：{error}"),
    "why_none": ("No unmet day-off or shift wish in this roster.",
                 "此排班中没有未满足的休息或班次意愿。"),
    "why_delta": ("Change in cost", "扣分变化"),
    # ------------------------------------------------------------ export
    "export_intro": ("Excel workbook with the coloured roster and the detail table, or CSV files"
                     " (UTF-8 with BOM, so they open correctly in Chinese Excel).",
                     "Excel 工作簿含彩色排班表和明细表；CSV 文件为带 BOM 的 UTF-8 编码，"
                     "中文 Excel 可直接打开。"),
    "export_roster": ("Roster", "排班表"),
    "dl_long": ("Long CSV (one row per person and day)", "明细 CSV（每人每天一行）"),
    "dl_wide": ("Wide CSV (one row per person)", "横表 CSV（每人一行）"),
    "dl_xlsx": ("Excel workbook (.xlsx)", "Excel 工作簿（.xlsx）"),
    "export_scenario": ("Scenario (inputs)", "方案（输入）"),
    "export_no_roster": ("No roster yet: only the scenario can be downloaded.",
                         "还没有排班：目前只能下载方案。"),
    "preview": ("Preview", "预览"),
    # ------------------------------------------------------------ weekdays
    "wd": ("Mon Tue Wed Thu Fri Sat Sun", "一 二 三 四 五 六 日"),
    "wd_long": ("Monday Tuesday Wednesday Thursday Friday Saturday Sunday",
                "周一 周二 周三 周四 周五 周六 周日"),
}

_UNITS: dict[str, tuple[str, str]] = {
    "cell": ("cell", "格子"), "day": ("day", "天"),
    "minute": ("minute", "分钟"), "hour": ("hour", "小时"), "person": ("person", "人"),
    "shift": ("shift", "班次"), "weekend": ("weekend", "周末"),
}

_FIELD_NAMES: dict[str, tuple[str, str]] = {
    "employees": ("team", "团队"), "shifts": ("shifts", "班次"),
    "coverage": ("coverage", "人数需求"), "leave": ("leave", "请假"),
    "day_off_wishes": ("day-off wishes", "休息意愿"),
    "shift_wishes": ("shift wishes", "班次意愿"), "locks": ("locks", "锁定"),
    "reference": ("reference", "参考排班"), "rules": ("rules", "规则"),
    "calendar": ("calendar", "日历"), "horizon": ("period", "排班周期"),
    "holidays": ("holidays", "节假日"), "not_holidays": ("not holidays", "不算节假日"),
    "makeup_workdays": ("make-up workdays", "调休上班日"), "peak_days": ("peak days", "大促日"),
    "holiday_cover": ("holiday cover", "节假日值班"),
    "forbidden_successions": ("forbidden successions", "禁止衔接"),
}


# the editors' column headings (text keys) of the fields of each table's rows
_COLUMN_KEYS: dict[str, dict[str, str]] = {
    "employees": {"id": "c_id", "name": "c_name", "skills": "c_skills", "shifts": "c_allowed",
                  "contract_hours_per_week": "c_contract", "min_hours_per_week": "c_min_week",
                  "max_hours_per_week": "c_max_week", "max_shifts": "c_max_shifts",
                  "role": "c_role", "holiday_days_worked": "c_holiday_worked",
                  "crew": "c_crew", "rotation_offset": "c_offset", "history": "c_history"},
    "shifts": {"id": "c_shift_id", "name": "c_shift_name", "family": "c_family",
               "segments": "c_segments", "color": "c_color"},
    "forbidden_successions": {"first": "c_first", "then": "c_then"},
    "holiday_cover": {"family": "c_family", "min": "c_min", "skill": "c_skill"},
    "peak_days": {"date": "c_date", "multiplier": "c_multiplier", "name": "c_peak_name"},
    "coverage": {"shift": "c_shift", "skill": "c_skill", "min": "c_min", "target": "c_target",
                 "min_soft": "c_min_soft", "dates": "c_dates", "weekdays": "c_weekdays",
                 "day_types": "c_day_types"},
    "leave": {"employee": "c_employee", "start": "c_leave_start", "end": "c_leave_end",
              "reason": "c_reason"},
    "day_off_wishes": {"employee": "c_employee", "date": "c_date", "weight": "c_weight_opt"},
    "shift_wishes": {"employee": "c_employee", "date": "c_date", "shift": "c_shift",
                     "want": "c_want", "weight": "c_weight_opt"},
    "locks": {"employee": "c_employee", "date": "c_date", "shift": "c_lock_shift"},
}
_FIELD_INDEX = re.compile(r"^([a-z_]+)(?:\[(\d+)\])?$")


def language() -> str:
    return state.language()


def lang() -> Lang:
    """The language chosen in the sidebar, as the library's sentences take it."""
    return "zh" if language() == "zh" else "en"


def _pick(pair: tuple[str, str]) -> str:
    """The current language's half of an (English, Chinese) pair."""
    return pair[1] if language() == "zh" else pair[0]


def _named(names: dict[str, tuple[str, str]], value: str) -> str:
    """``value``'s name from ``names`` in the current language, else ``value`` itself."""
    pair = names.get(value)
    return _pick(pair) if pair else value


def t(key: str, **values: object) -> str:
    """The text of ``key`` in the current language, with ``values`` filled in."""
    text = _pick(TEXT[key])
    return text.format(**values) if values else text


def weekday(index: int) -> str:
    return t("wd").split()[index]


def weekday_long(index: int) -> str:
    return t("wd_long").split()[index]


def rule_label(rule_id: str) -> str:
    for rule in RULES:
        if rule.id == rule_id:
            return rule.label_zh if language() == "zh" else rule.label
    return rule_id


def unit(value: str) -> str:
    """The unit a rule counts in (``day``, ``minute``…) in the current language."""
    return _named(_UNITS, value)


def status_text(status: str, *, short: bool = False) -> str:
    key = f"{'short' if short else 'status'}_{status}"
    return t(key) if key in TEXT else status


def day_type(value: str) -> str:
    return t(value) if value in TEXT else value


# the most frequent validation messages in Chinese; others are shown as they are
_MESSAGES_ZH: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern), zh) for pattern, zh in (
        (r"^Field required$", "必须填写"),
        (r"^Extra inputs are not permitted$", "无法识别的字段"),
        (r"^Input should be a valid date.*$", "不是有效的日期（格式 YYYY-MM-DD）"),
        (r"^Input should be a valid list$", "应为列表（多个值用逗号分隔）"),
        (r"^Input should be a valid integer.*$", "应为整数"),
        (r"^Input should be a valid number.*$", "应为数字"),
        (r"^Input should be a valid boolean.*$", "应为是/否"),
        (r"^Input should be a valid string.*$", "应为文字"),
        (r"^Input should be greater than or equal to (\S+)$", "不能小于 {0}"),
        (r"^Input should be less than or equal to (\S+)$", "不能大于 {0}"),
        (r"^Input should be greater than (\S+)$", "必须大于 {0}"),
        (r"^List should have at least (\d+) items? after validation, not (\d+)$",
         "至少需要 {0} 项（现有 {1} 项）"),
        (r"^String should have at most (\d+) characters?$", "最多 {0} 个字符"),
        (r"^String should have at least (\d+) characters?$", "至少 {0} 个字符"),
        (r"^String should match pattern .*$", "格式不正确"),
        (r"^Input should be (.*)$", "应为 {0}"),
        (r"^unknown shift (.*)$", "未知的班次 {0}"),
        (r"^unknown employee (.*)$", "未知的员工 {0}"),
        (r"^nobody has skill (.*)$", "没有人具备技能 {0}"),
        (r"^(\S+) is outside the horizon (\S+)$", "{0} 不在排班周期 {1} 内"),
        (r"^(.*) is used (\d+) times \(first at (.*)\)$", "{0} 重复出现 {1} 次（第一次在 {2}）"),
        (r"^time (.*) is not HH:MM$", "时间 {0} 不是 HH:MM 格式"),
        (r"^segment (.*) is not HH:MM-HH:MM$", "时间段 {0} 不是 HH:MM-HH:MM 格式"),
        (r"^(\S+) is on leave on (\S+)$", "{0} 在 {1} 请假"),
        (r"^same person and date as (.*)$", "与 {0} 的员工和日期相同"),
        (r"^the file is not UTF-8 text$", "文件不是 UTF-8 文本"),
        (r"^no roster found within the time limit$", "在时间限制内没有找到排班，请加长时间限制"),
        (r"^no roster satisfies every hard rule$", "没有能满足全部硬性规则的排班"),
        (r"^the model is invalid$", "模型无效"),
        (r"^not valid YAML: (.*)$", "不是有效的 YAML：{0}"),
        (r"^not valid JSON: (.*)$", "不是有效的 JSON：{0}"),
    ))


def message(text: str) -> str:
    """A validation message in the current language (the frequent ones translated)."""
    if language() != "zh":
        return text
    for pattern, zh in _MESSAGES_ZH:
        m = pattern.match(text)
        if m:
            return zh.format(*m.groups())
    return text


_INDEX = re.compile(r"^([a-z_]+)\[(\d+)\](.*)$")


def where(field: str) -> str:
    """A field path of an error (``employees[3].skills[1]``) as the supervisor reads it:
    the table and row (1-based), then the column."""
    if not field:
        return t("whole_scenario")
    parts = field.split(".")
    head: list[str] = []
    for k, part in enumerate(parts):
        m = _INDEX.match(part)
        if m:
            label = _named(_FIELD_NAMES, m.group(1))
            rest = [p for p in [m.group(3).lstrip("."), *parts[k + 1:]] if p]
            text = f"{label} · {t('row_n', n=int(m.group(2)) + 1)}"
            return " · ".join([*head, text, *_column(m.group(1), rest)])
        head.append(_named(_FIELD_NAMES, part))
    return " · ".join(head)


def _column(table: str, rest: list[str]) -> list[str]:
    """The field of a row as its editor's column heading (``shifts[1]``: "Allowed shifts ·
    item 2"); deeper parts as they are."""
    if not rest:
        return []
    m = _FIELD_INDEX.match(rest[0])
    key = _COLUMN_KEYS.get(table, {}).get(m.group(1)) if m else None
    if m is None or key is None:
        return [".".join(rest)]
    head = [t(key)] + ([t("item_n", n=int(m.group(2)) + 1)] if m.group(2) else [])
    return head + ([".".join(rest[1:])] if rest[1:] else [])
