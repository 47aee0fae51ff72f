-- a saved view: my open deals this month, not in retail
-- filter: {"and":[{"field":"owner_id","op":"in","value":["$me","$myTeam"]},{"field":"last_contacted","op":"this_month"},{"field":"company.industry","op":"neq","value":"retail"},{"field":"deal_size","op":"gte","value":{"amount":"10000","currency":"CNY"}}]}
select "c"."id" from "ws_demo"."obj_contact" as "c"
  where ("c"."owner_id" = any($1)
    and ("c"."last_contacted" >= $2
      and "c"."last_contacted" < $3)
    and not exists (select 1 from "ws_demo"."obj_company" as "c_r1"
      where "c_r1"."workspace_id" = $4
      and "c_r1"."id" = "c"."company"
      and "c_r1"."deleted_at" is null
      and "c_r1"."industry" = $5)
    and ("c"."deal_size" >= $6
      and "c"."deal_size__cur" = $7))
-- parameters: [["0190a3c4-0000-7000-8000-00000000000a","0190a3c4-0000-7000-8000-00000000000b","0190a3c4-0000-7000-8000-00000000000c"],"2026-03-31T16:00:00.000Z","2026-04-30T16:00:00.000Z","0190a3c4-0000-7000-8000-0000000000ff","retail","10000.00","CNY"]
