-- three hops; a positive condition is EXISTS, a negated one NOT EXISTS
-- filter: {"or":[{"field":"assistant.company.parent.name","op":"contains","value":"集团"},{"field":"assistant.company.parent.tags","op":"has_none","value":["blacklist"]}]}
select "c"."id" from "ws_demo"."obj_contact" as "c"
  where (exists (select 1 from "ws_demo"."obj_contact" as "c_r1"
      where "c_r1"."workspace_id" = $1
      and "c_r1"."id" = "c"."assistant"
      and "c_r1"."deleted_at" is null
      and exists (select 1 from "ws_demo"."obj_company" as "c_r2"
        where "c_r2"."workspace_id" = $2
        and "c_r2"."id" = "c_r1"."company"
        and "c_r2"."deleted_at" is null
        and exists (select 1 from "ws_demo"."obj_company" as "c_r3"
          where "c_r3"."workspace_id" = $3
          and "c_r3"."id" = "c_r2"."parent"
          and "c_r3"."deleted_at" is null
          and lower("c_r3"."name" collate "und-x-icu") like $4 escape '\')))
    or not exists (select 1 from "ws_demo"."obj_contact" as "c_r1"
      where "c_r1"."workspace_id" = $5
      and "c_r1"."id" = "c"."assistant"
      and "c_r1"."deleted_at" is null
      and exists (select 1 from "ws_demo"."obj_company" as "c_r2"
        where "c_r2"."workspace_id" = $6
        and "c_r2"."id" = "c_r1"."company"
        and "c_r2"."deleted_at" is null
        and exists (select 1 from "ws_demo"."obj_company" as "c_r3"
          where "c_r3"."workspace_id" = $7
          and "c_r3"."id" = "c_r2"."parent"
          and "c_r3"."deleted_at" is null
          and "c_r3"."tags" && $8))))
-- parameters: ["0190a3c4-0000-7000-8000-0000000000ff","0190a3c4-0000-7000-8000-0000000000ff","0190a3c4-0000-7000-8000-0000000000ff","%集团%","0190a3c4-0000-7000-8000-0000000000ff","0190a3c4-0000-7000-8000-0000000000ff","0190a3c4-0000-7000-8000-0000000000ff",["blacklist"]]
