/**
 * Cities the demo places Chinese companies and people in: one or more per province-level division,
 * with GB/T 2260 codes (province `xx0000`, city `xxxx00`, district `xxxxxx`) checked against the
 * 2023 division list (github.com/modood/Administrative-divisions-of-China, dist/areas.csv), and the
 * city's telephone area code with the length of its local numbers (checked with libphonenumber).
 * For the four municipalities the "city" is the 市辖区 entry (110100, 120100, 310100, 500100).
 */
export interface DemoCity {
  province: { code: string; name: string }
  city: { code: string; name: string }
  /** short name used in company names (杭州) and its pinyin (hangzhou) */
  short: string
  pinyin: string
  /** 0571 */
  areaCode: string
  /** digits after the area code */
  localDigits: 7 | 8
  districts: readonly { code: string; name: string }[]
  /** how many companies the demo puts here, relative to the others */
  weight: number
}

const P = {
  bj: { code: '110000', name: '北京市' },
  tj: { code: '120000', name: '天津市' },
  he: { code: '130000', name: '河北省' },
  sx: { code: '140000', name: '山西省' },
  nm: { code: '150000', name: '内蒙古自治区' },
  ln: { code: '210000', name: '辽宁省' },
  jl: { code: '220000', name: '吉林省' },
  hl: { code: '230000', name: '黑龙江省' },
  sh: { code: '310000', name: '上海市' },
  js: { code: '320000', name: '江苏省' },
  zj: { code: '330000', name: '浙江省' },
  ah: { code: '340000', name: '安徽省' },
  fj: { code: '350000', name: '福建省' },
  jx: { code: '360000', name: '江西省' },
  sd: { code: '370000', name: '山东省' },
  ha: { code: '410000', name: '河南省' },
  hb: { code: '420000', name: '湖北省' },
  hn: { code: '430000', name: '湖南省' },
  gd: { code: '440000', name: '广东省' },
  gx: { code: '450000', name: '广西壮族自治区' },
  hi: { code: '460000', name: '海南省' },
  cq: { code: '500000', name: '重庆市' },
  sc: { code: '510000', name: '四川省' },
  gz: { code: '520000', name: '贵州省' },
  yn: { code: '530000', name: '云南省' },
  xz: { code: '540000', name: '西藏自治区' },
  sn: { code: '610000', name: '陕西省' },
  gs: { code: '620000', name: '甘肃省' },
  qh: { code: '630000', name: '青海省' },
  nx: { code: '640000', name: '宁夏回族自治区' },
  xj: { code: '650000', name: '新疆维吾尔自治区' },
} as const

type Row = [
  province: DemoCity['province'],
  cityCode: string,
  cityName: string,
  short: string,
  pinyin: string,
  areaCode: string,
  localDigits: 7 | 8,
  weight: number,
  districts: [string, string][],
]

// biome-ignore format: one city per line reads as a table
const ROWS: Row[] = [
  [P.bj, '110100', '北京市', '北京', 'beijing', '010', 8, 14, [['110105', '朝阳区'], ['110108', '海淀区'], ['110101', '东城区']]],
  [P.tj, '120100', '天津市', '天津', 'tianjin', '022', 8, 3, [['120101', '和平区'], ['120116', '滨海新区']]],
  [P.he, '130100', '石家庄市', '石家庄', 'shijiazhuang', '0311', 8, 1, [['130102', '长安区'], ['130104', '桥西区']]],
  [P.sx, '140100', '太原市', '太原', 'taiyuan', '0351', 7, 1, [['140105', '小店区'], ['140106', '迎泽区']]],
  [P.nm, '150100', '呼和浩特市', '呼和浩特', 'huhehaote', '0471', 7, 1, [['150102', '新城区'], ['150105', '赛罕区']]],
  [P.ln, '210100', '沈阳市', '沈阳', 'shenyang', '024', 8, 2, [['210102', '和平区'], ['210103', '沈河区']]],
  [P.ln, '210200', '大连市', '大连', 'dalian', '0411', 8, 2, [['210202', '中山区'], ['210204', '沙河口区']]],
  [P.jl, '220100', '长春市', '长春', 'changchun', '0431', 8, 1, [['220102', '南关区'], ['220104', '朝阳区']]],
  [P.hl, '230100', '哈尔滨市', '哈尔滨', 'haerbin', '0451', 8, 1, [['230102', '道里区'], ['230103', '南岗区']]],
  [P.sh, '310100', '上海市', '上海', 'shanghai', '021', 8, 16, [['310101', '黄浦区'], ['310104', '徐汇区'], ['310115', '浦东新区'], ['310105', '长宁区']]],
  [P.js, '320100', '南京市', '南京', 'nanjing', '025', 8, 5, [['320102', '玄武区'], ['320106', '鼓楼区']]],
  [P.js, '320200', '无锡市', '无锡', 'wuxi', '0510', 8, 2, [['320213', '梁溪区'], ['320214', '新吴区']]],
  [P.js, '320500', '苏州市', '苏州', 'suzhou', '0512', 8, 6, [['320508', '姑苏区'], ['320506', '吴中区']]],
  [P.zj, '330100', '杭州市', '杭州', 'hangzhou', '0571', 8, 12, [['330106', '西湖区'], ['330108', '滨江区'], ['330110', '余杭区']]],
  [P.zj, '330200', '宁波市', '宁波', 'ningbo', '0574', 8, 4, [['330212', '鄞州区'], ['330203', '海曙区']]],
  [P.zj, '330300', '温州市', '温州', 'wenzhou', '0577', 8, 2, [['330302', '鹿城区'], ['330304', '瓯海区']]],
  [P.ah, '340100', '合肥市', '合肥', 'hefei', '0551', 8, 2, [['340104', '蜀山区'], ['340111', '包河区']]],
  [P.fj, '350100', '福州市', '福州', 'fuzhou', '0591', 8, 2, [['350102', '鼓楼区'], ['350103', '台江区']]],
  [P.fj, '350200', '厦门市', '厦门', 'xiamen', '0592', 7, 3, [['350203', '思明区'], ['350206', '湖里区']]],
  [P.jx, '360100', '南昌市', '南昌', 'nanchang', '0791', 8, 1, [['360102', '东湖区'], ['360111', '青山湖区']]],
  [P.sd, '370100', '济南市', '济南', 'jinan', '0531', 8, 2, [['370102', '历下区'], ['370112', '历城区']]],
  [P.sd, '370200', '青岛市', '青岛', 'qingdao', '0532', 8, 3, [['370202', '市南区'], ['370212', '崂山区']]],
  [P.ha, '410100', '郑州市', '郑州', 'zhengzhou', '0371', 8, 2, [['410105', '金水区'], ['410102', '中原区']]],
  [P.hb, '420100', '武汉市', '武汉', 'wuhan', '027', 8, 4, [['420106', '武昌区'], ['420111', '洪山区'], ['420103', '江汉区']]],
  [P.hn, '430100', '长沙市', '长沙', 'changsha', '0731', 8, 3, [['430104', '岳麓区'], ['430105', '开福区']]],
  [P.gd, '440100', '广州市', '广州', 'guangzhou', '020', 8, 10, [['440106', '天河区'], ['440104', '越秀区'], ['440105', '海珠区']]],
  [P.gd, '440300', '深圳市', '深圳', 'shenzhen', '0755', 8, 13, [['440305', '南山区'], ['440304', '福田区'], ['440306', '宝安区']]],
  [P.gd, '440400', '珠海市', '珠海', 'zhuhai', '0756', 7, 1, [['440402', '香洲区']]],
  [P.gd, '440600', '佛山市', '佛山', 'foshan', '0757', 8, 3, [['440604', '禅城区'], ['440606', '顺德区']]],
  [P.gx, '450100', '南宁市', '南宁', 'nanning', '0771', 7, 1, [['450103', '青秀区'], ['450102', '兴宁区']]],
  [P.hi, '460100', '海口市', '海口', 'haikou', '0898', 8, 1, [['460106', '龙华区'], ['460108', '美兰区']]],
  [P.cq, '500100', '重庆市', '重庆', 'chongqing', '023', 8, 4, [['500103', '渝中区'], ['500112', '渝北区']]],
  [P.sc, '510100', '成都市', '成都', 'chengdu', '028', 8, 6, [['510107', '武侯区'], ['510104', '锦江区']]],
  [P.gz, '520100', '贵阳市', '贵阳', 'guiyang', '0851', 8, 1, [['520115', '观山湖区'], ['520102', '南明区']]],
  [P.yn, '530100', '昆明市', '昆明', 'kunming', '0871', 8, 1, [['530102', '五华区'], ['530111', '官渡区']]],
  [P.xz, '540100', '拉萨市', '拉萨', 'lasa', '0891', 7, 0.3, [['540102', '城关区']]],
  [P.sn, '610100', '西安市', '西安', 'xian', '029', 8, 3, [['610113', '雁塔区'], ['610104', '莲湖区']]],
  [P.gs, '620100', '兰州市', '兰州', 'lanzhou', '0931', 7, 0.5, [['620102', '城关区']]],
  [P.qh, '630100', '西宁市', '西宁', 'xining', '0971', 7, 0.3, [['630104', '城西区']]],
  [P.nx, '640100', '银川市', '银川', 'yinchuan', '0951', 7, 0.5, [['640104', '兴庆区'], ['640106', '金凤区']]],
  [P.xj, '650100', '乌鲁木齐市', '乌鲁木齐', 'wulumuqi', '0991', 7, 0.7, [['650102', '天山区'], ['650103', '沙依巴克区']]],
]

export const CITIES: readonly DemoCity[] = ROWS.map(
  ([province, code, name, short, pinyin, areaCode, localDigits, weight, districts]) => ({
    province,
    city: { code, name },
    short,
    pinyin,
    areaCode,
    localDigits,
    weight,
    districts: districts.map(([c, n]) => ({ code: c, name: n })),
  }),
)

export const MUNICIPALITIES = new Set(['110000', '120000', '310000', '500000'])

export function cityByShort(short: string): DemoCity {
  const c = CITIES.find((x) => x.short === short)
  if (!c) throw new RangeError(`no demo city ${short}`)
  return c
}
