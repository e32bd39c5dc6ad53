/**
 * Country references to ISO 3166-1 alpha-2 codes in lower case, as FollowTheMoney stores them
 * ('iq', 'sy'). Accepts codes, English names (ISO, UN and common forms), English demonyms and
 * Arabic names. Kosovo, which has no ISO code, gets the user-assigned 'xk' that FtM uses.
 */

/** alpha-2, alpha-3, English short name, then alternative names, demonyms and Arabic names. */
type CountryRow = readonly [alpha2: string, alpha3: string, name: string, also: readonly string[]];

// One row per country keeps the table scannable, hence no Prettier here.
// prettier-ignore
const COUNTRIES: readonly CountryRow[] = [
  ['ad', 'AND', 'Andorra', ['Principality of Andorra', 'Andorran', 'أندورا']],
  ['ae', 'ARE', 'United Arab Emirates', ['UAE', 'Emirates', 'Emirati', 'الإمارات العربية المتحدة', 'دولة الإمارات العربية المتحدة', 'الإمارات', 'إماراتي']],
  ['af', 'AFG', 'Afghanistan', ['Islamic Republic of Afghanistan', 'Islamic Emirate of Afghanistan', 'Afghan', 'Afghani', 'أفغانستان', 'أفغاني', 'جمهورية أفغانستان الإسلامية']],
  ['ag', 'ATG', 'Antigua and Barbuda', ['Antigua', 'Antiguan', 'Barbudan', 'أنتيغوا وباربودا']],
  ['ai', 'AIA', 'Anguilla', ['Anguillan']],
  ['al', 'ALB', 'Albania', ['Republic of Albania', 'Albanian', 'ألبانيا']],
  ['am', 'ARM', 'Armenia', ['Republic of Armenia', 'Armenian', 'أرمينيا']],
  ['ao', 'AGO', 'Angola', ['Republic of Angola', 'Angolan', 'أنغولا']],
  ['aq', 'ATA', 'Antarctica', ['Antarctic', 'القارة القطبية الجنوبية']],
  ['ar', 'ARG', 'Argentina', ['Argentine Republic', 'Argentine', 'Argentinian', 'الأرجنتين']],
  ['as', 'ASM', 'American Samoa', ['American Samoan']],
  ['at', 'AUT', 'Austria', ['Republic of Austria', 'Austrian', 'النمسا']],
  ['au', 'AUS', 'Australia', ['Commonwealth of Australia', 'Australian', 'أستراليا']],
  ['aw', 'ABW', 'Aruba', ['Aruban']],
  ['ax', 'ALA', 'Åland Islands', ['Aland', 'Alander', 'Ålander']],
  ['az', 'AZE', 'Azerbaijan', ['Republic of Azerbaijan', 'Azerbaijani', 'Azeri', 'أذربيجان']],
  ['ba', 'BIH', 'Bosnia and Herzegovina', ['Bosnia-Herzegovina', 'Bosnia', 'Bosnian', 'Herzegovinian', 'البوسنة والهرسك', 'البوسنة']],
  ['bb', 'BRB', 'Barbados', ['Barbadian', 'Bajan', 'باربادوس']],
  ['bd', 'BGD', 'Bangladesh', ["People's Republic of Bangladesh", 'Bangladeshi', 'بنغلاديش', 'بنجلاديش']],
  ['be', 'BEL', 'Belgium', ['Kingdom of Belgium', 'Belgian', 'بلجيكا']],
  ['bf', 'BFA', 'Burkina Faso', ['Burkinabe', 'Upper Volta', 'بوركينا فاسو']],
  ['bg', 'BGR', 'Bulgaria', ['Republic of Bulgaria', 'Bulgarian', 'بلغاريا']],
  ['bh', 'BHR', 'Bahrain', ['Kingdom of Bahrain', 'Bahraini', 'البحرين', 'مملكة البحرين', 'بحريني']],
  ['bi', 'BDI', 'Burundi', ['Republic of Burundi', 'Burundian', 'بوروندي']],
  ['bj', 'BEN', 'Benin', ['Republic of Benin', 'Beninese', 'Dahomey', 'بنين']],
  ['bl', 'BLM', 'Saint Barthélemy', ['St Barthelemy', 'St Barts', 'Saint Barths']],
  ['bm', 'BMU', 'Bermuda', ['Bermudian', 'Bermudan']],
  ['bn', 'BRN', 'Brunei', ['Brunei Darussalam', 'Nation of Brunei', 'Bruneian', 'بروناي']],
  ['bo', 'BOL', 'Bolivia', ['Bolivia (Plurinational State of)', 'Plurinational State of Bolivia', 'Bolivia, Plurinational State of', 'Bolivian', 'بوليفيا']],
  ['bq', 'BES', 'Bonaire, Sint Eustatius and Saba', ['Caribbean Netherlands', 'Bonaire', 'Bonaire, Saint Eustatius and Saba']],
  ['br', 'BRA', 'Brazil', ['Federative Republic of Brazil', 'Brasil', 'Brazilian', 'البرازيل']],
  ['bs', 'BHS', 'Bahamas', ['Commonwealth of the Bahamas', 'Bahamas, The', 'Bahamian', 'جزر البهاما', 'البهاما']],
  ['bt', 'BTN', 'Bhutan', ['Kingdom of Bhutan', 'Bhutanese', 'بوتان']],
  ['bv', 'BVT', 'Bouvet Island', ['Bouvetoya']],
  ['bw', 'BWA', 'Botswana', ['Republic of Botswana', 'Motswana', 'Batswana', 'Botswanan', 'بوتسوانا']],
  ['by', 'BLR', 'Belarus', ['Republic of Belarus', 'Byelorussia', 'Belorussia', 'Belarusian', 'Belarussian', 'Byelorussian', 'بيلاروسيا', 'روسيا البيضاء']],
  ['bz', 'BLZ', 'Belize', ['Belizean', 'بليز']],
  ['ca', 'CAN', 'Canada', ['Canadian', 'كندا']],
  ['cc', 'CCK', 'Cocos (Keeling) Islands', ['Cocos Islands', 'Keeling Islands']],
  ['cd', 'COD', 'Democratic Republic of the Congo', ['Congo, The Democratic Republic of the', 'Congo, Democratic Republic of the', 'Congo (Democratic Republic of the)', 'Democratic Republic of Congo', 'DR Congo', 'DRC', 'Congo DR', 'Congo-Kinshasa', 'Congo (Kinshasa)', 'Zaire', 'جمهورية الكونغو الديمقراطية', 'الكونغو الديمقراطية']],
  ['cf', 'CAF', 'Central African Republic', ['CAR', 'Central African', 'Centrafrique', 'جمهورية أفريقيا الوسطى', 'أفريقيا الوسطى']],
  ['cg', 'COG', 'Republic of the Congo', ['Congo', 'Republic of Congo', 'Congo, Republic of the', 'Congo Republic', 'Congo-Brazzaville', 'Congo (Brazzaville)', 'جمهورية الكونغو', 'الكونغو']],
  ['ch', 'CHE', 'Switzerland', ['Swiss Confederation', 'Swiss', 'سويسرا']],
  ['ci', 'CIV', "Côte d'Ivoire", ['Ivory Coast', 'Republic of Côte d’Ivoire', 'Ivorian', 'ساحل العاج', 'كوت ديفوار']],
  ['ck', 'COK', 'Cook Islands', ['Cook Islander']],
  ['cl', 'CHL', 'Chile', ['Republic of Chile', 'Chilean', 'تشيلي', 'تشيلى']],
  ['cm', 'CMR', 'Cameroon', ['Republic of Cameroon', 'Cameroonian', 'الكاميرون']],
  ['cn', 'CHN', 'China', ["People's Republic of China", 'PRC', 'Mainland China', 'Chinese', 'الصين', 'جمهورية الصين الشعبية', 'صيني']],
  ['co', 'COL', 'Colombia', ['Republic of Colombia', 'Colombian', 'كولومبيا']],
  ['cr', 'CRI', 'Costa Rica', ['Costa Rican', 'كوستاريكا']],
  ['cu', 'CUB', 'Cuba', ['Republic of Cuba', 'Cuban', 'كوبا']],
  ['cv', 'CPV', 'Cabo Verde', ['Cape Verde', 'Cape Verdean', 'Cabo Verdean', 'الرأس الأخضر']],
  ['cw', 'CUW', 'Curaçao', ['Curaçaoan']],
  ['cx', 'CXR', 'Christmas Island', []],
  ['cy', 'CYP', 'Cyprus', ['Republic of Cyprus', 'Cypriot', 'قبرص']],
  ['cz', 'CZE', 'Czechia', ['Czech Republic', 'Czech', 'التشيك', 'جمهورية التشيك']],
  ['de', 'DEU', 'Germany', ['Federal Republic of Germany', 'Deutschland', 'German', 'ألمانيا', 'ألماني', 'جمهورية ألمانيا الاتحادية']],
  ['dj', 'DJI', 'Djibouti', ['Republic of Djibouti', 'Djiboutian', 'جيبوتي', 'جمهورية جيبوتي']],
  ['dk', 'DNK', 'Denmark', ['Kingdom of Denmark', 'Danish', 'Dane', 'الدنمارك', 'الدانمارك']],
  ['dm', 'DMA', 'Dominica', ['Commonwealth of Dominica', 'دومينيكا']],
  // 'Dominican' is also Dominica's demonym, but far more often means the Dominican Republic.
  ['do', 'DOM', 'Dominican Republic', ['Dominican', 'جمهورية الدومينيكان', 'الدومينيكان']],
  ['dz', 'DZA', 'Algeria', ["People's Democratic Republic of Algeria", 'Algerian', 'الجزائر', 'جزائري', 'الجمهورية الجزائرية الديمقراطية الشعبية', 'الجمهورية الجزائرية']],
  ['ec', 'ECU', 'Ecuador', ['Republic of Ecuador', 'Ecuadorian', 'Ecuadorean', 'الإكوادور']],
  ['ee', 'EST', 'Estonia', ['Republic of Estonia', 'Estonian', 'إستونيا']],
  ['eg', 'EGY', 'Egypt', ['Arab Republic of Egypt', 'Egyptian', 'مصر', 'مصري', 'جمهورية مصر العربية']],
  ['eh', 'ESH', 'Western Sahara', ['Sahrawi Arab Democratic Republic', 'Sahrawi', 'Saharawi', 'الصحراء الغربية']],
  ['er', 'ERI', 'Eritrea', ['State of Eritrea', 'Eritrean', 'إريتريا', 'إرتريا']],
  ['es', 'ESP', 'Spain', ['Kingdom of Spain', 'España', 'Spanish', 'Spaniard', 'إسبانيا', 'اسبانيا']],
  ['et', 'ETH', 'Ethiopia', ['Federal Democratic Republic of Ethiopia', 'Ethiopian', 'إثيوبيا', 'أثيوبيا']],
  ['fi', 'FIN', 'Finland', ['Republic of Finland', 'Finnish', 'Finn', 'فنلندا']],
  ['fj', 'FJI', 'Fiji', ['Republic of Fiji', 'Fijian', 'فيجي']],
  ['fk', 'FLK', 'Falkland Islands', ['Falkland Islands (Malvinas)', 'Falklands', 'Malvinas', 'Falkland Islander']],
  ['fm', 'FSM', 'Micronesia', ['Micronesia (Federated States of)', 'Federated States of Micronesia', 'Micronesia, Federated States of', 'Micronesian', 'ميكرونيزيا']],
  ['fo', 'FRO', 'Faroe Islands', ['Faroes', 'Faeroe Islands', 'Faroese']],
  ['fr', 'FRA', 'France', ['French Republic', 'French', 'فرنسا', 'فرنسي', 'الجمهورية الفرنسية']],
  ['ga', 'GAB', 'Gabon', ['Gabonese Republic', 'Gabonese', 'الغابون', 'الجابون']],
  ['gb', 'GBR', 'United Kingdom', ['United Kingdom of Great Britain and Northern Ireland', 'UK', 'Great Britain', 'Britain', 'England', 'Scotland', 'Wales', 'Northern Ireland', 'British', 'Briton', 'English', 'Scottish', 'Welsh', 'المملكة المتحدة', 'المملكة المتحدة لبريطانيا العظمى وأيرلندا الشمالية', 'بريطانيا', 'بريطانيا العظمى', 'بريطاني']],
  ['gd', 'GRD', 'Grenada', ['Grenadian', 'غرينادا']],
  ['ge', 'GEO', 'Georgia', ['Georgian', 'جورجيا']],
  ['gf', 'GUF', 'French Guiana', ['French Guianese', 'غويانا الفرنسية']],
  ['gg', 'GGY', 'Guernsey', ['Bailiwick of Guernsey']],
  ['gh', 'GHA', 'Ghana', ['Republic of Ghana', 'Ghanaian', 'غانا']],
  ['gi', 'GIB', 'Gibraltar', ['Gibraltarian', 'جبل طارق']],
  ['gl', 'GRL', 'Greenland', ['Greenlander', 'Greenlandic', 'غرينلاند']],
  ['gm', 'GMB', 'Gambia', ['Republic of the Gambia', 'Gambia, The', 'Gambian', 'غامبيا', 'جامبيا']],
  ['gn', 'GIN', 'Guinea', ['Republic of Guinea', 'Guinea-Conakry', 'Guinean', 'غينيا']],
  ['gp', 'GLP', 'Guadeloupe', ['Guadeloupean', 'غوادلوب']],
  ['gq', 'GNQ', 'Equatorial Guinea', ['Republic of Equatorial Guinea', 'Equatoguinean', 'Equatorial Guinean', 'غينيا الاستوائية']],
  ['gr', 'GRC', 'Greece', ['Hellenic Republic', 'Hellas', 'Greek', 'اليونان']],
  ['gs', 'SGS', 'South Georgia and the South Sandwich Islands', ['South Georgia and South Sandwich Islands', 'South Georgia']],
  ['gt', 'GTM', 'Guatemala', ['Republic of Guatemala', 'Guatemalan', 'غواتيمالا']],
  ['gu', 'GUM', 'Guam', ['Guamanian', 'غوام']],
  ['gw', 'GNB', 'Guinea-Bissau', ['Republic of Guinea-Bissau', 'Bissau-Guinean', 'غينيا بيساو', 'غينيا-بيساو']],
  ['gy', 'GUY', 'Guyana', ['Co-operative Republic of Guyana', 'Guyanese', 'غيانا', 'غويانا']],
  ['hk', 'HKG', 'Hong Kong', ['China, Hong Kong Special Administrative Region', 'Hong Kong Special Administrative Region of China', 'Hong Kong SAR', 'Hong Kong SAR China', 'Hong Kong, China', 'Hongkong', 'Hong Konger', 'Hongkonger', 'هونغ كونغ', 'هونج كونج']],
  ['hm', 'HMD', 'Heard Island and McDonald Islands', ['Heard and McDonald Islands']],
  ['hn', 'HND', 'Honduras', ['Republic of Honduras', 'Honduran', 'هندوراس']],
  ['hr', 'HRV', 'Croatia', ['Republic of Croatia', 'Hrvatska', 'Croatian', 'Croat', 'كرواتيا']],
  ['ht', 'HTI', 'Haiti', ['Republic of Haiti', 'Haitian', 'هايتي']],
  ['hu', 'HUN', 'Hungary', ['Hungarian', 'المجر', 'هنغاريا']],
  ['id', 'IDN', 'Indonesia', ['Republic of Indonesia', 'Indonesian', 'إندونيسيا', 'إندونيسي']],
  ['ie', 'IRL', 'Ireland', ['Republic of Ireland', 'Éire', 'Irish', 'أيرلندا', 'إيرلندا']],
  ['il', 'ISR', 'Israel', ['State of Israel', 'Israeli', 'إسرائيل', 'إسرائيلي']],
  ['im', 'IMN', 'Isle of Man', ['Manx']],
  ['in', 'IND', 'India', ['Republic of India', 'Bharat', 'Indian', 'الهند', 'هندي']],
  ['io', 'IOT', 'British Indian Ocean Territory', ['Chagos Islands', 'Chagos Archipelago']],
  ['iq', 'IRQ', 'Iraq', ['Republic of Iraq', 'Iraqi', 'العراق', 'جمهورية العراق', 'عراقي']],
  ['ir', 'IRN', 'Iran', ['Iran (Islamic Republic of)', 'Islamic Republic of Iran', 'Iran, Islamic Republic of', 'Persia', 'Iranian', 'Persian', 'إيران', 'جمهورية إيران الإسلامية', 'إيراني']],
  ['is', 'ISL', 'Iceland', ['Republic of Iceland', 'Icelandic', 'Icelander', 'آيسلندا', 'أيسلندا']],
  ['it', 'ITA', 'Italy', ['Italian Republic', 'Italia', 'Italian', 'إيطاليا', 'إيطالي']],
  ['je', 'JEY', 'Jersey', ['Bailiwick of Jersey']],
  ['jm', 'JAM', 'Jamaica', ['Jamaican', 'جامايكا']],
  ['jo', 'JOR', 'Jordan', ['Hashemite Kingdom of Jordan', 'Jordanian', 'الأردن', 'المملكة الأردنية الهاشمية', 'أردني']],
  ['jp', 'JPN', 'Japan', ['Japanese', 'اليابان', 'ياباني']],
  ['ke', 'KEN', 'Kenya', ['Republic of Kenya', 'Kenyan', 'كينيا']],
  ['kg', 'KGZ', 'Kyrgyzstan', ['Kyrgyz Republic', 'Kirghizia', 'Kirgizstan', 'Kyrgyz', 'Kyrgyzstani', 'قيرغيزستان', 'قرغيزستان']],
  ['kh', 'KHM', 'Cambodia', ['Kingdom of Cambodia', 'Kampuchea', 'Cambodian', 'Khmer', 'كمبوديا']],
  ['ki', 'KIR', 'Kiribati', ['I-Kiribati', 'كيريباتي']],
  ['km', 'COM', 'Comoros', ['Union of the Comoros', 'Comoro Islands', 'Comoran', 'Comorian', 'جزر القمر', 'القمر', 'الاتحاد القمري', 'قمري']],
  ['kn', 'KNA', 'Saint Kitts and Nevis', ['St Kitts and Nevis', 'Saint Christopher and Nevis', 'St Kitts', 'Saint Kitts', 'Kittitian', 'Nevisian', 'سانت كيتس ونيفيس']],
  // 'Korea' and 'Korean' alone are left unmapped: guessing between the two would mislead a screen.
  ['kp', 'PRK', 'North Korea', ["Democratic People's Republic of Korea", "Korea, Democratic People's Republic of", "Korea (Democratic People's Republic of)", 'DPRK', 'DPR Korea', 'Korea, North', 'North Korean', 'كوريا الشمالية', 'جمهورية كوريا الديمقراطية الشعبية']],
  ['kr', 'KOR', 'South Korea', ['Republic of Korea', 'Korea, Republic of', 'Korea (Republic of)', 'ROK', 'Korea, South', 'South Korean', 'كوريا الجنوبية', 'جمهورية كوريا']],
  ['kw', 'KWT', 'Kuwait', ['State of Kuwait', 'Kuwaiti', 'الكويت', 'دولة الكويت', 'كويتي']],
  ['ky', 'CYM', 'Cayman Islands', ['Caymanian', 'جزر كايمان']],
  ['kz', 'KAZ', 'Kazakhstan', ['Republic of Kazakhstan', 'Kazakstan', 'Kazakh', 'Kazakhstani', 'كازاخستان']],
  ['la', 'LAO', 'Laos', ["Lao People's Democratic Republic", 'Lao PDR', 'Lao', 'Laotian', 'لاوس']],
  ['lb', 'LBN', 'Lebanon', ['Lebanese Republic', 'Lebanese', 'لبنان', 'الجمهورية اللبنانية', 'لبناني']],
  ['lc', 'LCA', 'Saint Lucia', ['St Lucia', 'Saint Lucian', 'سانت لوسيا']],
  ['li', 'LIE', 'Liechtenstein', ['Principality of Liechtenstein', 'Liechtensteiner', 'ليختنشتاين']],
  ['lk', 'LKA', 'Sri Lanka', ['Democratic Socialist Republic of Sri Lanka', 'Ceylon', 'Sri Lankan', 'سريلانكا', 'سري لانكا']],
  ['lr', 'LBR', 'Liberia', ['Republic of Liberia', 'Liberian', 'ليبيريا']],
  ['ls', 'LSO', 'Lesotho', ['Kingdom of Lesotho', 'Mosotho', 'Basotho', 'ليسوتو']],
  ['lt', 'LTU', 'Lithuania', ['Republic of Lithuania', 'Lithuanian', 'ليتوانيا']],
  ['lu', 'LUX', 'Luxembourg', ['Grand Duchy of Luxembourg', 'Luxembourger', 'Luxembourgish', 'لوكسمبورغ']],
  ['lv', 'LVA', 'Latvia', ['Republic of Latvia', 'Latvian', 'لاتفيا']],
  ['ly', 'LBY', 'Libya', ['State of Libya', 'Libyan Arab Jamahiriya', 'Libyan', 'ليبيا', 'دولة ليبيا', 'ليبي']],
  ['ma', 'MAR', 'Morocco', ['Kingdom of Morocco', 'Moroccan', 'المغرب', 'المملكة المغربية', 'مغربي']],
  ['mc', 'MCO', 'Monaco', ['Principality of Monaco', 'Monegasque', 'Monacan', 'موناكو']],
  ['md', 'MDA', 'Moldova', ['Republic of Moldova', 'Moldova, Republic of', 'Moldova (Republic of)', 'Moldavia', 'Moldovan', 'مولدوفا']],
  ['me', 'MNE', 'Montenegro', ['Montenegrin', 'الجبل الأسود']],
  ['mf', 'MAF', 'Saint Martin', ['Saint Martin (French part)', 'St Martin', 'Collectivity of Saint Martin']],
  ['mg', 'MDG', 'Madagascar', ['Republic of Madagascar', 'Malagasy', 'مدغشقر']],
  ['mh', 'MHL', 'Marshall Islands', ['Republic of the Marshall Islands', 'Marshallese', 'جزر مارشال']],
  ['mk', 'MKD', 'North Macedonia', ['Republic of North Macedonia', 'Macedonia', 'The former Yugoslav Republic of Macedonia', 'Former Yugoslav Republic of Macedonia', 'FYROM', 'Macedonian', 'مقدونيا الشمالية', 'مقدونيا']],
  ['ml', 'MLI', 'Mali', ['Republic of Mali', 'Malian', 'مالي']],
  ['mm', 'MMR', 'Myanmar', ['Burma', 'Myanmar (Burma)', 'Republic of the Union of Myanmar', 'Burmese', 'ميانمار', 'بورما']],
  ['mn', 'MNG', 'Mongolia', ['Mongolian', 'منغوليا']],
  ['mo', 'MAC', 'Macao', ['Macau', 'China, Macao Special Administrative Region', 'Macao Special Administrative Region of China', 'Macao SAR', 'Macao SAR China', 'Macau SAR', 'Macanese', 'ماكاو']],
  ['mp', 'MNP', 'Northern Mariana Islands', ['Northern Marianas']],
  ['mq', 'MTQ', 'Martinique', ['Martinican', 'مارتينيك']],
  ['mr', 'MRT', 'Mauritania', ['Islamic Republic of Mauritania', 'Mauritanian', 'موريتانيا', 'موريطانيا', 'الجمهورية الإسلامية الموريتانية', 'موريتاني']],
  ['ms', 'MSR', 'Montserrat', ['Montserratian']],
  ['mt', 'MLT', 'Malta', ['Republic of Malta', 'Maltese', 'مالطا']],
  ['mu', 'MUS', 'Mauritius', ['Republic of Mauritius', 'Mauritian', 'موريشيوس']],
  ['mv', 'MDV', 'Maldives', ['Republic of Maldives', 'Maldivian', 'جزر المالديف', 'المالديف']],
  ['mw', 'MWI', 'Malawi', ['Republic of Malawi', 'Malawian', 'مالاوي']],
  ['mx', 'MEX', 'Mexico', ['United Mexican States', 'Mexican', 'المكسيك']],
  ['my', 'MYS', 'Malaysia', ['Malaysian', 'ماليزيا', 'ماليزي']],
  ['mz', 'MOZ', 'Mozambique', ['Republic of Mozambique', 'Mozambican', 'موزمبيق']],
  ['na', 'NAM', 'Namibia', ['Republic of Namibia', 'Namibian', 'ناميبيا']],
  ['nc', 'NCL', 'New Caledonia', ['New Caledonian', 'كاليدونيا الجديدة']],
  ['ne', 'NER', 'Niger', ['Republic of the Niger', 'Nigerien', 'النيجر']],
  ['nf', 'NFK', 'Norfolk Island', []],
  ['ng', 'NGA', 'Nigeria', ['Federal Republic of Nigeria', 'Nigerian', 'نيجيريا']],
  ['ni', 'NIC', 'Nicaragua', ['Republic of Nicaragua', 'Nicaraguan', 'نيكاراغوا']],
  ['nl', 'NLD', 'Netherlands', ['Kingdom of the Netherlands', 'Netherlands (Kingdom of the)', 'Holland', 'Nederland', 'Dutch', 'هولندا']],
  ['no', 'NOR', 'Norway', ['Kingdom of Norway', 'Norwegian', 'النرويج']],
  ['np', 'NPL', 'Nepal', ['Federal Democratic Republic of Nepal', 'Nepalese', 'Nepali', 'نيبال']],
  ['nr', 'NRU', 'Nauru', ['Republic of Nauru', 'Nauruan', 'ناورو']],
  ['nu', 'NIU', 'Niue', ['Niuean']],
  ['nz', 'NZL', 'New Zealand', ['Aotearoa', 'New Zealander', 'نيوزيلندا']],
  ['om', 'OMN', 'Oman', ['Sultanate of Oman', 'Omani', 'عمان', 'سلطنة عمان', 'عماني']],
  ['pa', 'PAN', 'Panama', ['Republic of Panama', 'Panamanian', 'بنما']],
  ['pe', 'PER', 'Peru', ['Republic of Peru', 'Peruvian', 'بيرو']],
  ['pf', 'PYF', 'French Polynesia', ['French Polynesian', 'بولينيزيا الفرنسية']],
  ['pg', 'PNG', 'Papua New Guinea', ['Independent State of Papua New Guinea', 'Papua New Guinean', 'بابوا غينيا الجديدة']],
  ['ph', 'PHL', 'Philippines', ['Republic of the Philippines', 'Filipino', 'Filipina', 'Philippine', 'الفلبين', 'فلبيني']],
  ['pk', 'PAK', 'Pakistan', ['Islamic Republic of Pakistan', 'Pakistani', 'باكستان', 'جمهورية باكستان الإسلامية', 'باكستاني']],
  ['pl', 'POL', 'Poland', ['Republic of Poland', 'Polish', 'Pole', 'بولندا']],
  ['pm', 'SPM', 'Saint Pierre and Miquelon', ['St Pierre and Miquelon']],
  ['pn', 'PCN', 'Pitcairn', ['Pitcairn Islands', 'Pitcairn Islander']],
  ['pr', 'PRI', 'Puerto Rico', ['Puerto Rican', 'بورتوريكو']],
  ['ps', 'PSE', 'Palestine', ['State of Palestine', 'Palestine, State of', 'occupied Palestinian territory', 'Occupied Palestinian Territories', 'Palestinian Territory', 'Palestinian Territories', 'West Bank and Gaza', 'Gaza Strip', 'Gaza', 'West Bank', 'Palestinian', 'فلسطين', 'دولة فلسطين', 'الأراضي الفلسطينية', 'الأراضي الفلسطينية المحتلة', 'فلسطيني']],
  ['pt', 'PRT', 'Portugal', ['Portuguese Republic', 'Portuguese', 'البرتغال']],
  ['pw', 'PLW', 'Palau', ['Republic of Palau', 'Palauan', 'بالاو']],
  ['py', 'PRY', 'Paraguay', ['Republic of Paraguay', 'Paraguayan', 'باراغواي']],
  ['qa', 'QAT', 'Qatar', ['State of Qatar', 'Qatari', 'قطر', 'دولة قطر', 'قطري']],
  ['re', 'REU', 'Réunion', ['Reunionese', 'لا ريونيون']],
  ['ro', 'ROU', 'Romania', ['Rumania', 'Roumania', 'Romanian', 'رومانيا']],
  ['rs', 'SRB', 'Serbia', ['Republic of Serbia', 'Serbian', 'Serb', 'صربيا']],
  ['ru', 'RUS', 'Russia', ['Russian Federation', 'Russian', 'روسيا', 'روسيا الاتحادية', 'الاتحاد الروسي', 'روسي']],
  ['rw', 'RWA', 'Rwanda', ['Republic of Rwanda', 'Rwandese Republic', 'Rwandan', 'Rwandese', 'رواندا']],
  ['sa', 'SAU', 'Saudi Arabia', ['Kingdom of Saudi Arabia', 'KSA', 'Saudi', 'Saudi Arabian', 'المملكة العربية السعودية', 'السعودية', 'سعودي']],
  ['sb', 'SLB', 'Solomon Islands', ['Solomon Islander', 'جزر سليمان']],
  ['sc', 'SYC', 'Seychelles', ['Republic of Seychelles', 'Seychellois', 'سيشل']],
  ['sd', 'SDN', 'Sudan', ['Republic of the Sudan', 'Republic of Sudan', 'Sudanese', 'السودان', 'جمهورية السودان', 'سوداني']],
  ['se', 'SWE', 'Sweden', ['Kingdom of Sweden', 'Swedish', 'Swede', 'السويد']],
  ['sg', 'SGP', 'Singapore', ['Republic of Singapore', 'Singaporean', 'سنغافورة']],
  ['sh', 'SHN', 'Saint Helena, Ascension and Tristan da Cunha', ['Saint Helena', 'St Helena', 'Ascension Island', 'Tristan da Cunha']],
  ['si', 'SVN', 'Slovenia', ['Republic of Slovenia', 'Slovenian', 'Slovene', 'سلوفينيا']],
  ['sj', 'SJM', 'Svalbard and Jan Mayen', ['Svalbard']],
  ['sk', 'SVK', 'Slovakia', ['Slovak Republic', 'Slovak', 'سلوفاكيا']],
  ['sl', 'SLE', 'Sierra Leone', ['Republic of Sierra Leone', 'Sierra Leonean', 'سيراليون']],
  ['sm', 'SMR', 'San Marino', ['Sammarinese', 'سان مارينو']],
  ['sn', 'SEN', 'Senegal', ['Republic of Senegal', 'Senegalese', 'السنغال']],
  ['so', 'SOM', 'Somalia', ['Federal Republic of Somalia', 'Somali', 'Somalian', 'الصومال', 'جمهورية الصومال الفيدرالية', 'صومالي']],
  ['sr', 'SUR', 'Suriname', ['Republic of Suriname', 'Surinam', 'Surinamese', 'سورينام']],
  ['ss', 'SSD', 'South Sudan', ['Republic of South Sudan', 'South Sudanese', 'جنوب السودان', 'جمهورية جنوب السودان']],
  ['st', 'STP', 'Sao Tome and Principe', ['São Tomé and Príncipe', 'Sao Tomean', 'ساو تومي وبرينسيب']],
  ['sv', 'SLV', 'El Salvador', ['Republic of El Salvador', 'Salvadoran', 'Salvadorean', 'السلفادور']],
  ['sx', 'SXM', 'Sint Maarten', ['Sint Maarten (Dutch part)']],
  ['sy', 'SYR', 'Syria', ['Syrian Arab Republic', 'Syrian', 'سوريا', 'سورية', 'الجمهورية العربية السورية', 'سوري']],
  ['sz', 'SWZ', 'Eswatini', ['Kingdom of Eswatini', 'Swaziland', 'Swazi', 'إسواتيني', 'سوازيلاند']],
  ['tc', 'TCA', 'Turks and Caicos Islands', ['Turks and Caicos']],
  ['td', 'TCD', 'Chad', ['Republic of Chad', 'Chadian', 'تشاد']],
  ['tf', 'ATF', 'French Southern Territories', ['French Southern and Antarctic Lands']],
  ['tg', 'TGO', 'Togo', ['Togolese Republic', 'Togolese', 'توغو']],
  ['th', 'THA', 'Thailand', ['Kingdom of Thailand', 'Siam', 'Thai', 'تايلاند']],
  ['tj', 'TJK', 'Tajikistan', ['Republic of Tajikistan', 'Tajik', 'Tajikistani', 'طاجيكستان']],
  ['tk', 'TKL', 'Tokelau', ['Tokelauan']],
  ['tl', 'TLS', 'Timor-Leste', ['East Timor', 'Democratic Republic of Timor-Leste', 'Timorese', 'East Timorese', 'تيمور الشرقية']],
  ['tm', 'TKM', 'Turkmenistan', ['Turkmen', 'تركمانستان']],
  ['tn', 'TUN', 'Tunisia', ['Tunisian Republic', 'Republic of Tunisia', 'Tunisian', 'تونس', 'الجمهورية التونسية', 'تونسي']],
  ['to', 'TON', 'Tonga', ['Kingdom of Tonga', 'Tongan', 'تونغا']],
  ['tr', 'TUR', 'Türkiye', ['Turkey', 'Republic of Türkiye', 'Republic of Turkey', 'Turkish', 'تركيا', 'الجمهورية التركية', 'تركي']],
  ['tt', 'TTO', 'Trinidad and Tobago', ['Republic of Trinidad and Tobago', 'Trinidad', 'Trinidadian', 'Tobagonian', 'ترينيداد وتوباغو']],
  ['tv', 'TUV', 'Tuvalu', ['Tuvaluan', 'توفالو']],
  ['tw', 'TWN', 'Taiwan', ['Taiwan, Province of China', 'Republic of China', 'Chinese Taipei', 'Taiwanese', 'تايوان']],
  ['tz', 'TZA', 'Tanzania', ['United Republic of Tanzania', 'Tanzania, United Republic of', 'Tanzanian', 'تنزانيا']],
  ['ua', 'UKR', 'Ukraine', ['Ukrainian', 'أوكرانيا']],
  ['ug', 'UGA', 'Uganda', ['Republic of Uganda', 'Ugandan', 'أوغندا']],
  ['um', 'UMI', 'United States Minor Outlying Islands', ['US Minor Outlying Islands', 'US Outlying Islands']],
  ['us', 'USA', 'United States', ['United States of America', 'USA', 'US', 'America', 'American', 'الولايات المتحدة', 'الولايات المتحدة الأمريكية', 'الولايات المتحدة الأميركية', 'أمريكا', 'أميركا', 'أمريكي', 'أميركي']],
  ['uy', 'URY', 'Uruguay', ['Oriental Republic of Uruguay', 'Uruguayan', 'الأوروغواي', 'أوروغواي']],
  ['uz', 'UZB', 'Uzbekistan', ['Republic of Uzbekistan', 'Uzbek', 'Uzbekistani', 'أوزبكستان']],
  ['va', 'VAT', 'Holy See', ['Holy See (Vatican City State)', 'Vatican City State', 'Vatican City', 'Vatican', 'الفاتيكان']],
  ['vc', 'VCT', 'Saint Vincent and the Grenadines', ['St Vincent and the Grenadines', 'Saint Vincent and Grenadines', 'St Vincent and Grenadines', 'Saint Vincent', 'St Vincent', 'Vincentian', 'سانت فينسنت والغرينادين']],
  ['ve', 'VEN', 'Venezuela', ['Venezuela (Bolivarian Republic of)', 'Bolivarian Republic of Venezuela', 'Venezuela, Bolivarian Republic of', 'Venezuelan', 'فنزويلا']],
  ['vg', 'VGB', 'British Virgin Islands', ['Virgin Islands, British', 'Virgin Islands (British)', 'BVI', 'جزر العذراء البريطانية']],
  ['vi', 'VIR', 'United States Virgin Islands', ['Virgin Islands, U.S.', 'Virgin Islands (U.S.)', 'Virgin Islands of the United States', 'US Virgin Islands']],
  ['vn', 'VNM', 'Vietnam', ['Viet Nam', 'Socialist Republic of Viet Nam', 'Vietnamese', 'فيتنام']],
  ['vu', 'VUT', 'Vanuatu', ['Republic of Vanuatu', 'Ni-Vanuatu', 'فانواتو']],
  ['wf', 'WLF', 'Wallis and Futuna', ['Wallis and Futuna Islands']],
  ['ws', 'WSM', 'Samoa', ['Independent State of Samoa', 'Western Samoa', 'Samoan', 'ساموا']],
  ['xk', 'XKX', 'Kosovo', ['Republic of Kosovo', 'Kosovar', 'Kosovan', 'كوسوفو']],
  ['ye', 'YEM', 'Yemen', ['Republic of Yemen', 'Yemeni', 'Yemenite', 'اليمن', 'الجمهورية اليمنية', 'يمني']],
  ['yt', 'MYT', 'Mayotte', ['Mahoran', 'مايوت']],
  ['za', 'ZAF', 'South Africa', ['Republic of South Africa', 'RSA', 'South African', 'جنوب أفريقيا', 'جنوب إفريقيا']],
  ['zm', 'ZMB', 'Zambia', ['Republic of Zambia', 'Zambian', 'زامبيا']],
  ['zw', 'ZWE', 'Zimbabwe', ['Republic of Zimbabwe', 'Zimbabwean', 'زيمبابوي']],
];

const NON_ASCII = /[\u0080-\uffff]/;
/** Latin accents, Arabic harakat, dagger alef, tatweel; NFKD has already split hamza off its seat. */
const MARKS = /[\u0300-\u036f\u0610-\u061a\u064b-\u065f\u0670\u0640]/g;
const ARABIC_FOLDS: Readonly<Record<string, string>> = {
  '\u0671': '\u0627', // alef wasla -> alef
  '\u0629': '\u0647', // teh marbuta -> heh
  '\u0649': '\u064a', // alef maksura -> yeh
  '\u06cc': '\u064a', // Farsi yeh -> yeh
  '\u06a9': '\u0643', // keheh -> kaf
};
const ARABIC_FOLDABLE = /[\u0671\u0629\u0649\u06cc\u06a9]/g;
const NOT_KEY_CHAR = /[^a-z0-9\u0621-\u063a\u0641-\u064a\u066e-\u06d3]+/g;

/**
 * Lower case, accents and harakat off, alef-hamza to bare alef, ة to ه, ى to ي, a leading 'the'
 * dropped, then everything but letters and digits removed, so that spacing, hyphens and
 * apostrophes ("Cote d'Ivoire", "Guinea Bissau", "U.S.A.") cannot cause a miss.
 */
function keyOf(value: string): string {
  let s = value.toLowerCase();
  if (s.includes('&')) s = s.replace(/&/g, ' and ');
  if (NON_ASCII.test(s)) {
    s = s
      .normalize('NFKD')
      .replace(MARKS, '')
      .replace(ARABIC_FOLDABLE, (c) => ARABIC_FOLDS[c] ?? c);
  }
  s = s.replace(NOT_KEY_CHAR, ' ').trim();
  if (s.startsWith('the ')) s = s.slice(4);
  return s.replace(/ /g, '');
}

/** Arabic nisba adjectives also come feminine (سورية) and with the article (السوري). */
function arabicNisbaForms(key: string): string[] {
  if (!/^[\u0621-\u064a]+\u064a$/.test(key) || key.startsWith('\u0627\u0644')) return [];
  return [key + '\u0647', '\u0627\u0644' + key, '\u0627\u0644' + key + '\u0647'];
}

/** Codes are matched only as typed, so that 'N/A' or 'n.a.' is not read as Namibia. */
const BY_CODE = new Map<string, string>();
const BY_KEY = new Map<string, string>();
const NAME_BY_CODE = new Map<string, string>();

function addKey(key: string, code: string, source: string): void {
  const existing = BY_KEY.get(key) ?? BY_CODE.get(key);
  // The table is static, so a clash is a bug in it: fail at load, where every test will see it.
  if (existing !== undefined && existing !== code) {
    throw new Error(`countries: "${source}" maps to both ${existing} and ${code}`);
  }
  BY_KEY.set(key, code);
}

for (const [alpha2, alpha3] of COUNTRIES) {
  BY_CODE.set(alpha2, alpha2);
  BY_CODE.set(alpha3.toLowerCase(), alpha2);
}
for (const [alpha2, , name, also] of COUNTRIES) {
  NAME_BY_CODE.set(alpha2, name);
  for (const value of [name, ...also]) addKey(keyOf(value), alpha2, value);
}
// Derived forms come second so that they never displace an explicit entry of another country.
for (const [alpha2, , , also] of COUNTRIES) {
  for (const value of also) {
    if (value.includes(' ')) continue;
    for (const form of arabicNisbaForms(keyOf(value))) {
      if (!BY_KEY.has(form)) BY_KEY.set(form, alpha2);
    }
  }
}

/**
 * Forms of state written before the name ("Republic of Kenya", "Kingdom of Spain"). Only tried
 * after an exact miss, so the explicit entries for the two Congos and Koreas win.
 */
const STATE_PREFIX =
  /^[a-z]*?(?:republic|kingdom|state|states|sultanate|emirate|principality|grandduchy|commonwealth|federation|union|confederation)of(?:the)?/;

const CACHE_LIMIT = 10_000;
/** Screened rows repeat a small set of country strings, so most calls are one Map lookup. */
const cache = new Map<string, string | undefined>();

function lookup(value: string): string | undefined {
  const trimmed = value.trim();
  if (trimmed.length <= 3) {
    const code = BY_CODE.get(trimmed.toLowerCase());
    if (code !== undefined) return code;
  }
  const key = keyOf(trimmed);
  if (key === '') return undefined;
  const exact = BY_KEY.get(key);
  if (exact !== undefined) return exact;
  const stripped = key.replace(STATE_PREFIX, '');
  return stripped !== key && stripped !== '' ? BY_KEY.get(stripped) : undefined;
}

/** ISO 3166-1 alpha-2 code (lower case) for a country code, name, demonym or Arabic name. */
export function countryCode(value: string): string | undefined {
  const hit = cache.get(value);
  if (hit !== undefined || cache.has(value)) return hit;
  const code = lookup(value);
  if (cache.size >= CACHE_LIMIT) cache.clear();
  cache.set(value, code);
  return code;
}

/** English short name for an alpha-2 code (either case). */
export function countryName(code: string): string | undefined {
  return NAME_BY_CODE.get(code.trim().toLowerCase());
}

/**
 * Maps a list of country references. `codes` is deduplicated and keeps input order; `unknown`
 * holds each distinct value that could not be mapped. Blank values are neither.
 */
export function normaliseCountries(values: string[]): { codes: string[]; unknown: string[] } {
  const codes: string[] = [];
  const unknown: string[] = [];
  for (const value of values) {
    if (value.trim() === '') continue;
    const code = countryCode(value);
    if (code === undefined) {
      if (!unknown.includes(value)) unknown.push(value);
    } else if (!codes.includes(code)) {
      codes.push(code);
    }
  }
  return { codes, unknown };
}
