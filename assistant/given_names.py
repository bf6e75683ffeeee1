"""Common given names and the pronoun news copy most often uses for their bearers.

Used only to keep "he" and "she" from being given to someone the article's pronoun cannot mean ("She said
her team ..." is not Donald Trump's), and to know that "Jennifer Pratt" names a person. A name missing
here, or used by people of either gender, tells nothing: `pronoun_of` returns "" and any pronoun fits.
"""

from __future__ import annotations

import unicodedata


def _set(words: str) -> frozenset[str]:
    return frozenset(words.split())


MASCULINE = _set("""
aaron adam adrian ahmed alan albert alejandro alexander alexei ali andre andrew andy angelo anthony antonio
antony arnold arthur barack barry ben benjamin bernard bernie bill billy bob bobby boris brad bradley
brandon brendan brett brian bruce bryan carl carlos charles charlie christopher chuck clarence cody colin
craig dale dan daniel danny darren dave david dennis derek dmitry don donald doug douglas duncan dwight
earl ed eddie edward emmanuel eric erik ernest eugene evan frank franklin fred frederick gary gavin george gerald
gordon graham greg gregory hakeem hank harold harry hassan henry howard hugh ian isaac ivan jack
jacob jake james jared jason javier jeff jeffrey jens jeremy jerome jerry jim jimmy joe joel john johnny
jon jonathan jorge jose joseph josh joshua juan julian justin keir keith ken kenneth kevin kyle larry
lawrence leon leonard lloyd louis luis luke marco marcus mario mark martin matt matthew michael
miguel mike mitch mitchell mohammed muhammad narendra nathan neil nicholas nick nigel noah norman olaf oliver
omar oscar owen patrick paul pedro pete peter phil philip rafael ralph randy raymond recep richard rick robert
rodrigo roger ron ronald roy russell ryan samuel scott sean sergei sergey seth shawn simon stanley
stephen steve steven stuart ted thomas tim timothy todd tom tony travis trevor troy tyler victor
vince vincent vladimir volodymyr walter warren wayne william willie xavier yuri zachary
abdel alessandro anatoly andreas andriy andrzej bart carlo christian denys dmitri eelco enrico fernando
francesco francois friedrich gabriel geert gennady giorgio giorgos giuseppe gitanas hans ihor imran jacques
jurgen kyriakos lars luigi magnus mahmoud markus mateusz matteo michel mikhail mykhailo naftali nawaz
nikolai oleksandr oleksiy paolo petro pierre rahul rishi rustem sauli sebastian sergio shehbaz stefan ulf
valery vasily viktor wolfgang wopke yair yevgeny
tomas andres mateo matias joao rui ricardo eduardo fabio felipe gustavo hector ignacio jaime javi
manuel ramon raul salvador sergi vicente ahmad hamza hussein ibrahim karim khalid mustafa tariq youssef amit
arjun ravi sanjay vijay raj anil deepak sunil hiroshi kenji takeshi akira anders bjorn erlend
henrik jonas piotr tomasz pavel milan dusan nikola goran aleksandar emre mehmet mustafa kemal olusegun
chinedu kwame kofi tunde femi luc antoine emile guillaume thierry dirk klaus jorg uwe ruud mark gerard
declan liam sean eoin conor ciaran fergus angus hamish rory callum finn archie alfie harvey reggie elliot
dean eddy jamal jalen darius demetrius terrell tyrone lamar malik brent chad clint clayton cole connor corey
curtis darrell darryl derrick desmond dominic donovan drew dustin dylan elijah eli elliott ethan garrett gene glenn
hunter jay jesse joey josiah kirk kurt lance landon leroy lester logan lonnie lucas manny marvin max maxwell melvin
micah mason nate nathaniel neal nolan preston quentin rex ricky robbie rod rodney rudy russ sam shane spencer stan
stewart theodore tobias tommy trent tristan tucker ty wesley wyatt zach zion kobe lebron jayson devin deshaun
caleb colby jeremiah isaiah gideon mitt newt rand rahm beau elon sundar satya jensen vivek asa merrick marty denis
cory raphael dwayne bryce blake brady brock bruno cesar clifford clyde dario dewey duane edgar edwin elmer emilio
enrique ezra fidel felix gilbert guillermo gus herbert hugo irving jasper jonah julio julius kelvin lionel lorenzo
marc marlon maurice mohamed moses myron nelson otis pablo reginald roberto roland ronnie salvatore santiago saul
sidney sonny terrance terrence trey woodrow zane erling kylian cristiano neymar bukayo jude raheem mikel thiago
luka novak jannik daniil stefanos tiger scottie xander bryson dak
""")

FEMININE = _set("""
abigail adriana alexandra alexandria alice alicia alison allison amanda amy ana andrea angela anna
anne annie ashley audrey barbara betsy betty beverly brenda brittney caitlin camila carla carmen carol
caroline carolyn catherine cathy charlotte cheryl christina christine cindy claire claudia colleen courtney
cynthia danielle debbie deborah debra denise diana diane donna doris dorothy elaine eleanor elena elise
elizabeth ella ellen emily emma erica erin eva evelyn fiona frances gabriela gina gloria hannah heather
heidi helen hillary ilhan irene isabel jacqueline jane janet janice jasmine jennifer jessica jill
joan joanne joyce judith judy julia julie karen kamala karin kate katherine kathleen kathryn kathy katie kayla
kimberly kristen kristi kristin laura lauren leah linda lisa liz lori lorraine louise lucy lydia
madeleine madison margaret maria marie marilyn marjorie martha mary maureen megan melania melanie melissa
meredith michelle mildred molly monica nancy naomi natalie nicole nikki nina olivia pamela patricia paula
pauline peggy rachel rebecca regina rita roberta ruth sabrina sally samantha sandra sara sarah
sharon sheila shirley sonia sophia stacey stephanie sue susan suzanne tammy tanya teresa theresa tiffany tina
ursula valerie vanessa veronica victoria virginia wendy whitney yvonne zoe
aisha amina annalena aurore chiara elisabeth elly fatima francesca giorgia giulia gita ines iryna jacinda kaja
karoline kemi kristalina layla margrethe marina marine maryam mette mia natalia nathalie ngozi oksana olena penny
priti rachida ricarda sahra sanna segolene shirin sophie suella svetlana tatiana yasmin yulia yvette
lena greta ingrid astrid sigrid freya maja hanna johanna katarzyna agnieszka magdalena lucia luisa beatriz
marta paola silvia valentina daniela mariana adriana leticia rosa pilar alba priya anjali sunita neha pooja
deepika kavita meera yuko keiko haruka aiko amara chioma ngozi
funmilayo adaeze folake zainab nadia leila samira yasmine noura grainne siobhan aoife niamh orla sinead
kirsty shona morag ailsa imogen harriet phoebe rosie poppy tabitha hermione alicja ewa irina galina ludmila
grace alicia rebecca
gretchen ivanka tulsi kyrsten joni marsha shelley kirsten ayanna rashida kari karine kayleigh jen jenna brianna
serena venus simone coco billie beyonce rihanna adele dolly oprah meghan camilla stacy becky cassidy april_never
bethany bonnie candace carrie cassandra chelsea christy connie dawn della dianne edith eileen ellie esther felicia
gail gwen holly iris jeanette jenny jodi josephine juanita kara katrina kendra krista kristina lana latoya laurie
lillian lily lois loretta lucille mallory mandy marcia margo maxine melinda mercedes miranda miriam misty nellie
nora norma paige patti priscilla raquel renee rhonda robyn rosemary roxanne sadie selena sheryl sonya stella
sylvia tamara tara terri toni tracey trisha vera vicki viola wanda yolanda ayesha keisha tanisha latisha kiara
aaliyah zendaya sienna scarlett ava isabella harper abby addison brooke delilah eliza hazel lila luna maya
penelope skylar violet willow zoey
""")

_TITLES = {"mr": "he", "sir": "he", "lord": "he", "king": "he", "prince": "he", "spokesman": "he",
           "chairman": "he", "congressman": "he", "councilman": "he", "mrs": "she", "ms": "she", "miss": "she",
           "dame": "she", "lady": "she", "queen": "she", "princess": "she", "spokeswoman": "she",
           "chairwoman": "she", "congresswoman": "she", "councilwoman": "she"}


def pronoun_of(name: str, role: str = "") -> str:
    """"he" or "she" when a title ("Mrs.", "Queen", "spokeswoman") or a common given name tells, else ""."""
    for word in f"{role} {name}".split():
        title = _TITLES.get(word.lower().rstrip("."))
        if title:
            return title
    for word in name.split()[:-1] or name.split():  # "Kingsley Mayor Grace Kimura": the given name after the title
        given = _plain(word).rstrip(".")
        if given in MASCULINE:
            return "he"
        if given in FEMININE:
            return "she"
    return ""


def _plain(word: str) -> str:
    """Lower case without accents: "José" is "jose"."""
    return "".join(c for c in unicodedata.normalize("NFKD", word.lower()) if not unicodedata.combining(c))


def is_given_name(word: str) -> bool:
    """True for a common given name ("Jennifer", "Doug", "José"): the capitalised words after it name a person."""
    low = _plain(word)
    return low in MASCULINE or low in FEMININE
