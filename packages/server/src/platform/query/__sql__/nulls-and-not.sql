-- NOT and negated operators never leak NULL
-- filter: {"not":{"or":[{"field":"name","op":"starts_with","value":"Test_"},{"field":"vip","op":"neq","value":true},{"field":"company","op":"is_empty"}]}}
select "c"."id" from "ws_demo"."obj_contact" as "c"
  where (lower("c"."name" collate "und-x-icu") like $1 escape '\'
    or ("c"."vip" = $2) is not true
    or not ("c"."company" is not null)) is not true
-- parameters: ["test\\_%",true]
