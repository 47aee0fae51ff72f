-- address parts and empty json
-- filter: {"and":[{"field":"company.address.province","op":"in","value":["浙江","江苏"]},{"field":"data","op":"is_not_empty"},{"field":"avatar","op":"is_empty"}]}
select "c"."id" from "ws_demo"."obj_contact" as "c"
  where (exists (select 1 from "ws_demo"."obj_company" as "c_r1"
      where "c_r1"."workspace_id" = $1
      and "c_r1"."id" = "c"."company"
      and "c_r1"."deleted_at" is null
      and ("c_r1"."address"->>$2) = any($3))
    and "c"."data" not in ('null'::jsonb, '[]'::jsonb, '{}'::jsonb)
    and ("c"."avatar" not in ('null'::jsonb, '[]'::jsonb, '{}'::jsonb)) is not true)
-- parameters: ["0190a3c4-0000-7000-8000-0000000000ff","province",["浙江","江苏"]]
