"""The first version of the methodology page ("How we decide who is listed"), which the
list links to in every language, so that a fresh site has no dead link. Staff then edit it
in the admin (Prisoners → Methodology). General practice, not a fact about anyone; an
existing page is left as it is."""

from django.db import migrations

TITLE = {
    "en": "How we decide who is listed",
    "be": "Як мы вырашаем, каго ўносіць у спіс",
    "ru": "Как мы решаем, кого вносить в список",
}

BODY = {
    "en": """We list a person as a political prisoner when independent human-rights organisations have recognised them as one. In Belarus this is most often the Human Rights Centre “Viasna” together with other Belarusian human-rights organisations, which recognise political prisoners in public statements, under criteria they publish. We do not recognise anyone ourselves: each profile says who recognised the person and when, with a link to the statement where it is published.

**Every fact names its source.** The dates of arrest, trial, sentence and release, the charges, the verdict and the places of detention come from the sources named on the profile: statements of human-rights organisations, court documents, reports of independent media, and what the person or their family have made public.

**Dates are as precise as the source.** When a source gives only the month or the year, we show only the month or the year, and we do not guess the day. What is not known is shown as not known.

**The status follows the record.** Whether a person is held, sentenced, released or has died in custody is derived from the dated, sourced steps of their case, not typed by hand. A person who has been released stays listed, with the date of release: their case remains part of the record.

**Corrections.** When a source corrects itself, or we find a mistake, we correct the profile. Every change is kept: “Changes to this profile” shows when and what changed, and earlier versions are kept, so that a mistake can be traced and undone.

*This page was written when the site was set up, as a first version: the editors revise it to describe their own practice in full.*""",
    "be": """Мы ўносім чалавека ў спіс палітвязняў, калі незалежныя праваабарончыя арганізацыі прызналі яго палітычным вязнем. У Беларусі гэта найчасцей Праваабарончы цэнтр «Вясна» разам з іншымі беларускімі праваабарончымі арганізацыямі: яны прызнаюць палітвязняў у публічных заявах паводле крытэрыяў, якія самі публікуюць. Мы нікога не прызнаём самі: у кожным профілі сказана, хто і калі прызнаў чалавека, са спасылкай на заяву, калі яна апублікаваная.

**У кожнага факта ёсць крыніца.** Даты затрымання, суда, прысуду і вызвалення, абвінавачанні, прысуд і месцы ўтрымання ўзятыя з крыніц, названых у профілі: заяў праваабарончых арганізацый, судовых дакументаў, паведамленняў незалежных медыя і таго, што абнародавалі сам чалавек або яго сям'я.

**Даты — з той дакладнасцю, якую дае крыніца.** Калі крыніца называе толькі месяц або год, мы паказваем толькі месяц або год і не дадумваем дзень. Тое, што невядома, так і пазначана.

**Статус вынікае з гісторыі справы.** Ці ўтрымліваецца чалавек пад вартай, ці асуджаны, вызвалены або памёр у зняволенні, вызначаецца па датаваных кроках справы з крыніцамі, а не пішацца ўручную. Вызвалены чалавек застаецца ў спісе з датай вызвалення: яго справа застаецца часткай гісторыі.

**Выпраўленні.** Калі крыніца ўдакладняе звесткі або мы знаходзім памылку, мы выпраўляем профіль. Кожная змена захоўваецца: у раздзеле «Змены ў гэтым профілі» відаць, калі і што змянілася, а папярэднія версіі застаюцца, каб памылку можна было прасачыць і выправіць.

*Гэтую старонку напісалі пры запуску сайта як першую версію: рэдактары дапрацоўваюць яе, каб цалкам апісаць сваю практыку.*""",
    "ru": """Мы вносим человека в список политзаключённых, когда независимые правозащитные организации признали его политическим заключённым. В Беларуси это чаще всего Правозащитный центр «Весна» вместе с другими белорусскими правозащитными организациями: они признают политзаключённых в публичных заявлениях по критериям, которые сами публикуют. Мы никого не признаём сами: в каждом профиле сказано, кто и когда признал человека, со ссылкой на заявление, если оно опубликовано.

**У каждого факта есть источник.** Даты задержания, суда, приговора и освобождения, обвинения, приговор и места содержания взяты из источников, названных в профиле: заявлений правозащитных организаций, судебных документов, сообщений независимых СМИ и того, что обнародовали сам человек или его семья.

**Даты — с той точностью, которую даёт источник.** Если источник называет только месяц или год, мы показываем только месяц или год и не додумываем день. То, что неизвестно, так и отмечено.

**Статус следует из истории дела.** Находится ли человек под стражей, осуждён, освобождён или умер в заключении, определяется по датированным шагам дела с источниками, а не пишется вручную. Освобождённый человек остаётся в списке с датой освобождения: его дело остаётся частью истории.

**Исправления.** Если источник уточняет сведения или мы находим ошибку, мы исправляем профиль. Каждое изменение сохраняется: в разделе «Изменения в этом профиле» видно, когда и что изменилось, а прежние версии остаются, чтобы ошибку можно было отследить и исправить.

*Эта страница написана при запуске сайта как первая версия: редакторы дорабатывают её, чтобы полностью описать свою практику.*""",
}


def write_first_version(apps, schema_editor):
    Methodology = apps.get_model("prisoners", "Methodology")
    if Methodology.objects.exists():
        return
    Methodology.objects.create(
        pk=1,
        title=TITLE["en"],
        body=BODY["en"],
        **{f"title_{language}": text for language, text in TITLE.items()},
        **{f"body_{language}": text for language, text in BODY.items()},
    )


class Migration(migrations.Migration):
    dependencies = [("prisoners", "0011_letters")]

    operations = [migrations.RunPython(write_first_version, migrations.RunPython.noop)]
