-- dates and datetimes in the workspace time zone (Asia/Shanghai), now = 2026-04-15 10:00
-- filter: {"and":[{"field":"birthday","op":"next_n_days","value":7},{"field":"created_at","op":"between","value":["2026-01-01","2026-03-31"]},{"field":"last_contacted","op":"before_last_n_days","value":30}]}
select "c"."id" from "ws_demo"."obj_contact" as "c"
  where (("c"."birthday" >= $1
      and "c"."birthday" < $2)
    and ("c"."created_at" >= $3
      and "c"."created_at" < $4)
    and "c"."last_contacted" < $5)
-- parameters: ["2026-04-15","2026-04-22","2025-12-31T16:00:00.000Z","2026-03-31T16:00:00.000Z","2026-03-16T16:00:00.000Z"]
