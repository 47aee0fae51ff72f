-- a plain eq: col = $1, usable by the (workspace_id, col) index
-- filter: {"field":"email","op":"eq","value":"li@example.cn"}
select "c"."id" from "ws_demo"."obj_contact" as "c"
  where "c"."email" = $1
-- parameters: ["li@example.cn"]
