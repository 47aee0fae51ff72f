/**
 * Where the demo's international companies sit. Phone templates use ranges reserved for fiction where
 * they exist (UK 020 7946 0xxx, North American 555-01xx); `#` is a random digit.
 */
export interface ForeignCity {
  name: string
  /** `{n}` = a house number, `{c}` = a block number (1–9), `{street}` and `{postcode}` from the lists */
  format: string
  streets: readonly string[]
  postcodes: readonly string[]
  phone: string
}

export interface ForeignCountry {
  code: string
  name: string
  currency: string
  tld: string
  suffixes: readonly string[]
  cities: readonly ForeignCity[]
  weight: number
}

export const COUNTRIES: readonly ForeignCountry[] = [
  {
    code: 'GB',
    name: 'United Kingdom',
    currency: 'GBP',
    tld: 'co.uk',
    suffixes: ['Ltd.', 'Ltd.', 'PLC'],
    weight: 3,
    cities: [
      {
        name: 'London',
        format: '{n} {street}, London {postcode}, United Kingdom',
        streets: [
          'Bishopsgate',
          'Fleet Street',
          'Baker Street',
          "King's Road",
          'Victoria Street',
          'Old Broad Street',
        ],
        postcodes: ['EC2M 4AA', 'EC4A 2BB', 'NW1 6XE', 'SW3 4UD', 'SW1E 5ND', 'EC2N 1HQ'],
        phone: '+44 20 7946 0###',
      },
    ],
  },
  {
    code: 'US',
    name: 'United States',
    currency: 'USD',
    tld: 'com',
    suffixes: ['Inc.', 'Inc.', 'LLC', 'Corp.'],
    weight: 4,
    cities: [
      {
        name: 'New York',
        format: '{n} {street}, New York, NY {postcode}, USA',
        streets: ['Broadway', 'Madison Avenue', 'Park Avenue', 'Lexington Avenue'],
        postcodes: ['10001', '10017', '10022', '10036'],
        phone: '+1 212 555 01##',
      },
      {
        name: 'San Francisco',
        format: '{n} {street}, San Francisco, CA {postcode}, USA',
        streets: ['Market Street', 'Mission Street', 'Howard Street', 'California Street'],
        postcodes: ['94103', '94105', '94107', '94111'],
        phone: '+1 415 555 01##',
      },
      {
        name: 'Seattle',
        format: '{n} {street}, Seattle, WA {postcode}, USA',
        streets: ['Pine Street', '4th Avenue', 'Union Street'],
        postcodes: ['98101', '98104', '98121'],
        phone: '+1 206 555 01##',
      },
    ],
  },
  {
    code: 'DE',
    name: 'Germany',
    currency: 'EUR',
    tld: 'de',
    suffixes: ['GmbH', 'GmbH', 'AG'],
    weight: 3,
    cities: [
      {
        name: 'Berlin',
        format: '{street} {n}, {postcode} Berlin, Germany',
        streets: ['Friedrichstraße', 'Unter den Linden', 'Kurfürstendamm', 'Potsdamer Platz'],
        postcodes: ['10117', '10719', '10785'],
        phone: '+49 30 #### ####',
      },
      {
        name: 'München',
        format: '{street} {n}, {postcode} München, Germany',
        streets: ['Leopoldstraße', 'Maximilianstraße', 'Sendlinger Straße'],
        postcodes: ['80331', '80539', '80802'],
        phone: '+49 89 #### ####',
      },
    ],
  },
  {
    code: 'FR',
    name: 'France',
    currency: 'EUR',
    tld: 'fr',
    suffixes: ['SA', 'SAS'],
    weight: 1,
    cities: [
      {
        name: 'Paris',
        format: '{n} {street}, {postcode} Paris, France',
        streets: [
          'rue de Rivoli',
          'boulevard Haussmann',
          'avenue des Champs-Élysées',
          'rue du Faubourg Saint-Honoré',
        ],
        postcodes: ['75001', '75008', '75009'],
        phone: '+33 1 4# ## ## ##',
      },
    ],
  },
  {
    code: 'JP',
    name: 'Japan',
    currency: 'JPY',
    tld: 'co.jp',
    suffixes: ['K.K.', 'Co., Ltd.'],
    weight: 2,
    cities: [
      {
        name: 'Tokyo',
        format: '{c}-{c}-{c} {street}, Tokyo {postcode}, Japan',
        streets: [
          'Marunouchi, Chiyoda-ku',
          'Roppongi, Minato-ku',
          'Shibuya, Shibuya-ku',
          'Nihonbashi, Chuo-ku',
        ],
        postcodes: ['100-0005', '106-0032', '150-0002', '103-0027'],
        phone: '+81 3 5### ####',
      },
    ],
  },
  {
    code: 'SG',
    name: 'Singapore',
    currency: 'SGD',
    tld: 'com.sg',
    suffixes: ['Pte. Ltd.'],
    weight: 2,
    cities: [
      {
        name: 'Singapore',
        format: '{n} {street}, Singapore {postcode}',
        streets: ['Raffles Place', 'Marina Boulevard', 'Orchard Road', 'Cecil Street'],
        postcodes: ['048616', '018989', '238877', '069533'],
        phone: '+65 6### ####',
      },
    ],
  },
  {
    code: 'AU',
    name: 'Australia',
    currency: 'AUD',
    tld: 'com.au',
    suffixes: ['Pty Ltd'],
    weight: 1,
    cities: [
      {
        name: 'Sydney',
        format: '{n} {street}, Sydney NSW {postcode}, Australia',
        streets: ['George Street', 'Pitt Street', 'Martin Place', 'Kent Street'],
        postcodes: ['2000'],
        phone: '+61 2 9### ####',
      },
    ],
  },
]

export function countryByCode(code: string): ForeignCountry {
  const c = COUNTRIES.find((x) => x.code === code)
  if (!c) throw new RangeError(`no demo country ${code}`)
  return c
}
