/**
 * First names written for this project (no outside source), added to the public lists by
 * scripts/pii-names-derive.ts: Latin spellings as Dutch professionals meet them in families from Morocco,
 * Turkey, Syria, Iraq, Eritrea, Ethiopia, Somalia, Afghanistan, Iran, Poland, Ukraine, Suriname, the Antilles
 * and the Netherlands, including the spelling variants that the public lists miss.
 */

export const EXTRA_FIRST_NAMES = `
mohammed mohamed muhammad mohammad mohamad mohammadi muhammed mehmed mahmoud mahmud mahmood ahmed ahmad ahmet
achmed youssef yousef youssouf yusuf yousif yosef jusuf ayoub ayyoub ayoob bilal zakaria zakariya zakaria
anouar anwar ilias ilyas elias iliass soufiane sofian soufian sufyan mounir munir rachid rashid rachida rashida
nordin noureddine nourdin nouredine mustafa mustapha mostafa moestafa hamza hamzah ismail ismael esmail
imane iman ikram salma sara sarah khadija khadidja khadiza fatima fatma fatiha fadoua hanane hanan naima naeema
loubna meryem meriem maryam mariam mariem oumaima oumayma chaimae chaima shaima hafsa yasmina yasmine yasmin
jasmina soukaina soukayna najat nadia nadja samira samir said saida saïd abdel abdelkader abdelhak abdellah
abdullah abdallah abdulla abdul abderrahim abderrahman abdelaziz aziz azize hassan hasan hussein husein hussain
houssain khalid khaled khalil karim karima kareem tarik tariq tarek tareq omar umar oumar othman osman usman
otman driss idris idriss brahim ibrahim ebrahim ibrahima amin amine amina aminah amira ameera amir emir
reda rida redouan redouane ridouan ridwan marouane marwan marwa marouan anass anas ayman aymen aymane adam adem
adnan nabil nabila jamal jamila djamila kamal kamel kamil kamila jamal farid farida fouad fuad hicham hisham
hichem houda hoda huda latifa lamia leila laila layla lina lena rania rana rasha reem rim reema dima dina
dania dana hala halla hiba heba nisrine nesrine nour noor nur nura noura nora asma asmae esma hajar hajer
hayat ilham ihsane ihsan jihane jihad yassin yassine yasin yacine younes younès younis yunus jounes anis anisa
ayoub aya ayah aicha aisha aïcha ayse ayşe ayse ayla aylin elif emine esra ebru büşra busra zeynep zeinab zainab
zaynab zehra zahra zohra zohra zora zoulikha zoubida zakia zakiya malika malak malek mohcine mohsin mohsine
nassim nasim naoufal noufal nawal nawel ouassima wassima wassim wissam walid waleed wael wail yahya yahia
zaid zayd zeid zied ziad ziyad ghaith ghayth majd majed maher mazen yazan yamen yaman bashar bashir bachir
rami ramy rima rawan raghad razan ruba shahed sham shams tala talal taim tim tayma tamer tamara ranim ranym
abir abeer alaa ala bayan batoul batool jana jouri joury judy lujain lojain loujain mais mays maya mira
nagham nada rahaf rayan raian ritaj sidra tasneem tasnim weam wiam yara yasmeen youmna zain zaina zeina
hadi haidar hayder hussam husam jaber jabir jawad jihad karam kinan louay luay moaz muaz mouaz mohannad muhannad
obada obaida ubada qusai qusay osama usama oussama rabih rabie saad saed saeed sayed sayid shadi sami samy
# Eritrea, Ethiopia
abraham abrham abrehet yonas yohannes johannes yohanes yemane semhar senait senayt selam selamawit filmon
philemon merhawi mehari mihret tesfay tesfaye tesfalem tesfamariam kidane tekle teklay ghebre gebre gebremedhin
habtom haben helen luwam winta yordanos mussie musie robel natnael nathnael eden rahel rahwa bereket biniam
biniyam dawit daniel habtamu tsega tsegay tsegai mulu mebrahtu berhane berhe solomon samuel aman amanuel
amanual awet feven fiyori hagos hadas hermon kibrom kiflom medhanie meron michael mikael mulugeta nahom
nebiat rezene ruta saba salem samson senay simon sirak tedros temesgen tewelde tsehaye weini yemane yonatan
zewdi zemichael efrem ephrem estifanos eyob fitsum ghirmay goitom hiwet kisanet lidia milen nardos sara tirhas
# Somalia
abdi abdirahman abdirizak abdiaziz abdullahi abdikadir ayaan ayan hodan hamdi faadumo fadumo hawa xawa sahra
nimco nimo khadar warsame farah mohamud maxamed cabdi ismaciil ilhan idil deeqa deqa sagal ubah ifrah hibaaq
nasra sacdiya sadia asli ayaanle bashiir bile cali guled hamse hassan hirsi jamac liban mukhtar najma qamar
ruqiya sumaya sumaia fardowsa fartun hamdi hibo ikraan kaltun leylo muna naima saynab shukri suad yasmiin
# Afghanistan, Iran, Pakistan
farid farhad farhan farzana fawad fereshta freshta gul gulalai habib habiba hamid hamida homa jawid javed jamil
khadim laila mahbooba mahboba masooda masuda mina mursal mustafa nadia najib najiba nasrin nilofar nilufar
parwin parvin parwana rahim rahima rahmat reza sadaf sahar shabnam shakila shafiq shirin soraya tahmina wahid
zabihullah zabiullah zahir zarghona zarmina zohal ahmadzai hamidullah rohullah ruhullah samiullah asadullah
mohibullah shafiullah hekmat hikmat hashmat nasir naser nasser elham elaheh fariba mahsa mehdi mahdi morteza
mostafa mohsen navid omid parisa pegah roya sepideh shahram shiva yalda ali reza amir arash arian ariana
daniyal dilawar imran irfan kashif asif aisha ayesha bushra fazal faisal faiza hina hira kiran mehwish noman
rizwan saima sana shahid shazia sidra sobia tahir usman zara zahid zubair
# Turkey, Kurdish
ahmet mehmet mustafa emre emir eren efe kaan kerem burak berk baris barış can cem cemal deniz doruk ege enes
furkan hakan halil hasan hüseyin huseyin ibrahim ismail kemal mert murat onur orhan ozan serkan sinan tolga
tuncay ufuk umut volkan yusuf yunus yigit yiğit berat metehan alperen miraç mirac ayşe ayse fatma emine hatice
zeynep elif merve esra büşra busra kübra kubra sümeyye sumeyye rabia tuba dilara ecrin nisanur hira azra asya
defne beren ela ecem gizem gül gul gülsüm hülya nurhan sevgi sibel songül yasemin yeliz özlem ozlem şeyma seyma
hevin rojda rojin dilan berfin delal zozan jiyan rezan baran berxwedan diyar dilovan rênas renas shivan serhat
# Poland
kacper jakub szymon filip wojciech mikołaj mikolaj bartosz bartek tomasz tomek piotr paweł pawel krzysztof
grzegorz marcin michał michal łukasz lukasz mateusz maciej kamil dawid adrian patryk damian sebastian przemysław
przemek zbigniew andrzej janusz jerzy stanisław stanislaw wiktoria zuzanna zuzia julia maja hanna lena alicja
oliwia natalia amelia aleksandra agnieszka katarzyna kasia małgorzata malgorzata gosia magdalena magda joanna
asia monika ewa anna ania beata dorota iwona justyna karolina marta paulina sylwia weronika żaneta zaneta
# Ukraine, Russia, Belarus
oleksandr oleksandra olexandr olena oksana iryna irina dmytro dmitri dmitry andriy andrii andrey yulia yuliia
julia sofia sofiia nazar bohdan maksym maxim artem artyom taras vitaliy vitalii viktor viktoriia viktoriya
volodymyr vladimir vladyslav vlad yaroslav yaroslava mykola mykhailo mykhaylo serhiy serhii sergei sergey
svitlana svetlana tetiana tetyana tatiana natalia nataliia natalya halyna galina liudmyla lyudmyla ludmila
kateryna katerina ekaterina anastasia anastasiia anastasiya nastya daria dariia darya polina solomiia solomiya
myroslava mariia mariya veronika khrystyna kristina alina yevhen yevhenii evgeny ivan ivanna petro pavlo
roman ruslan oleh oleg ihor igor yurii yuriy yuri denys denis danylo danilo kyrylo kirill arsenii arseniy
timofii tymofii matvii matviy illia ilya yehor egor zakhar nikita makar platon davyd myron ostap orest
# Suriname, Antilles, Cape Verde
radjesh rajesh sunita shanti ravi anand priya kiran sharmila roshni sanjay vishal ashwin anjali anita
kavita reshma shanaya shania shanice shaniqua jayden jaydon jaylano rayvano quincy dwayne roxanne romano
rodney glenn gregory milton naomi natasha giovanni giovanny djimairo djaimy jurgen jurensley sherida shurnella
chanel chantal charissa cheyenne dayana dayenne dewi djamila gerwin ivanildo jefferson jennifer jeremiah
jordy jurrick kenji kenneth lorenzo marciano maurits nathaniel nelson orlando priscilla quentin randy raymond
reginald rigino romeo ryan samantha sharon sheila shirley stephany steven tyrone vanessa virgil
# the Netherlands and Flanders (short and common names the lists miss)
bo jip sem daan noor noa tess fenna saar sara lotte lieke sanne anouk iris roos fleur eva zoë zoe mila lynn
liv julia emma sophie sofie tessa nina lisa lisanne femke floor isa isabel jasmijn evi lieve lize maud
merel nova puck sara saartje sterre yfke ilse inge ingrid marieke mieke riet rietje truus tineke wilma
daan luuk lucas levi finn sem milan thijs jesse bram lars ruben stijn thomas tim sven mees noah liam
gijs guus hidde jelle joep kees koen mats pim teun thijmen wout wessel jurre jort siem sil ties tijn
bas bart dirk gert gerrit henk jan joost kees klaas maarten pieter piet rik rob ruud sjaak sjoerd teun
wim willem youri yorick joris jeroen erik marco mark martijn niels patrick peter richard rob robin roy
ahmed anneke annemiek annet brenda carla cor corrie dineke els elske esther ellen gerda hanneke harm hennie
jolanda joke jacqueline karin lia linda loes marja marjolein mirjam monique nel petra renate rianne
sandra sylvia trudy wendy wilma yvonne
`;

/**
 * Names that the public lists hold but that are ordinary words in Dutch (or in English case text); they are
 * recognised only in a naming context. Months and days are here too.
 */
export const COMMON_WORD_NAMES = `
april mei juni juli augustus hoop roos fleur storm wil ben dan job mark iris bas zon maan lente zomer winter
herfst liefde vrede jade jasmijn amber lot lief lieve mare ster tuba said can joke harm drew meta
ivy rose hope will may june august grace faith joy sunny summer sky angel frank dawn ray art bill sue pat rich
guy gay jack ginger ruby crystal pearl honey lucky chance rocky stone river forest daisy poppy lily violet
heather holly olive willow autumn
`;

/** Names that the Dutch dictionary also lists as a word, but as a word so rare in case text that the name wins. */
export const NAMES_NOT_COMMON_WORDS = `
abraham adam adel adele adem amanda amine anita arian ava axel aya ayan baran bart benjamin bente berk bram cas
chris christine coen colin collin dante demi dirk dries eden ege els emir enes eren erica erin erna ernst eva evan
evert faas febe finn fiep flora gert gloria hannes hans helen helene helin hendrik henry ian inga ivan jake jan
jane janet jens jente jet jette jidde joe joel joep joes john jonas jonathan jule julie julien kaan kader kate
kees keet kelly kelvin kim kinan klaas koen lars lee leen lien lieze lize lotte lou luis maarten madeleine mads
maggie mara maren marina marjolein marlene mary mats matt maxime mees megan mehari melis merel mert mette mia
mike mila milan mina mirre mirte moshe nadir najat nel nele nick nils noël nova nout omer pascal peter piet pien
puck rachel rein rene rens rik rob romeo sara sem sharon sjaak sjors stan sten steven suze teddy tess thomas ties
tiffany tommy toon tuur wim wouter wout zoe zander
`;

/** Entries of the public lists that are not used as first names in case text: dropped. */
export const NEVER_NAMES = `
the name names lists oma opa baby mama papa mam pap moeder vader juf meester tante oom common green king queen sister server kalender beker barman baron begine major
christ golden pink royal innocent modest patience harmony genesis delta era an del van don el al bon mas noe
junior parfait urban constant arcade cape france paris landen lander common toy nat pie kip mine pari poema
and ant arch bay bell berry brain brook brooks brown buck bud buster chase clay dock drake earnest easter ford
garland general grant hardy heath heaven ivory jewel judge justice kale lad lance lane lean levy line lovely loyal
mace marshall melody mile miles miller miracle misty nail nine noble porter precious price prince princess
prudence ransom rod rusty sandy serenity shade sincere tad tanner than till trinity unique valid ward vital viva
destiny fern firs garnet lacy laurel lyric dusty ebony monday tuesday wednesday thursday friday saturday sunday
`;
