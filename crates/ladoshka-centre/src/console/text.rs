//! Every word the console shows, in Russian, Tatar and English: one [`Msg`] per text and
//! [`text`] to get it in a language, so a page never holds a sentence of its own and a missing
//! translation is a compile error (and the unit test below catches an empty one).

use crate::report::Language;

macro_rules! messages {
    ($($name:ident => $ru:literal, $tt:literal, $en:literal;)*) => {
        /// One text of the console.
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        pub enum Msg { $($name,)* }

        impl Msg {
            /// Every message, for the test that each has all three languages.
            pub const ALL: &'static [Msg] = &[$(Msg::$name,)*];
        }

        /// `msg` in `lang`.
        pub fn text(msg: Msg, lang: Language) -> &'static str {
            let (ru, tt, en) = match msg { $(Msg::$name => ($ru, $tt, $en),)* };
            match lang {
                Language::Ru => ru,
                Language::Tt => tt,
                Language::En => en,
            }
        }
    };
}

messages! {
    AppTitle => "Консоль центра «Ладошка»", "«Ладошка» үзәге консоле", "Ladoshka centre console";
    Brand => "Ладошка · центр", "Ладошка · үзәк", "Ladoshka · centre";
    NavDevices => "Киоски", "Киосклар", "Kiosks";
    NavTokens => "Подключение", "Тоташтыру", "Enrolment";
    NavIndicators => "Показатели", "Күрсәткечләр", "Indicators";
    NavAudit => "Журнал", "Журнал", "Audit log";
    NavErasures => "Удаления", "Бетерүләр", "Erasures";
    SignOut => "Выйти", "Чыгу", "Sign out";
    Language => "Язык", "Тел", "Language";
    RoleAdmin => "администратор", "администратор", "administrator";
    RoleMethodologist => "методист", "методист", "methodologist";
    RoleAnalyst => "аналитик", "аналитик", "analyst";

    SignInTitle => "Вход в консоль центра", "Үзәк консоленә керү", "Sign in to the centre console";
    Login => "Логин", "Логин", "Login";
    Password => "Пароль", "Серсүз", "Password";
    SignInButton => "Войти", "Керергә", "Sign in";
    SignInFailed => "Неверный логин или пароль. После 5 неудачных попыток подряд вход закрывается на 15 минут.",
        "Логин яки серсүз дөрес түгел. Рәттән 5 уңышсыз омтылыштан соң керү 15 минутка ябыла.",
        "Wrong login or password. After 5 failed attempts in a row, signing in is closed for 15 minutes.";
    SessionEnded => "Сеанс завершён: 30 минут без действий или 12 часов с момента входа. Войдите снова.",
        "Сеанс тәмамланды: 30 минут гамәлсез яки керүдән соң 12 сәгать узды. Яңадан керегез.",
        "Your session ended: 30 minutes idle, or 12 hours since you signed in. Sign in again.";
    SignedOut => "Вы вышли из консоли.", "Сез консольдән чыктыгыз.", "You have signed out.";
    SignInHint => "Учётную запись создаёт администратор центра командой ladoshka-centre user add.",
        "Хисап язмасын үзәк администраторы ladoshka-centre user add командасы белән ясый.",
        "The centre's administrator creates accounts with ladoshka-centre user add.";

    ForbiddenTitle => "Нет доступа", "Керү рөхсәте юк", "Not allowed";
    ForbiddenBody => "Ваша роль не даёт доступа к этой странице. Если он нужен для работы, обратитесь к администратору центра.",
        "Сезнең рольгә бу биткә керү рөхсәт ителмәгән. Эш өчен кирәк булса, үзәк администраторына мөрәҗәгать итегез.",
        "Your role does not give access to this page. If you need it for your work, ask the centre's administrator.";
    CsrfTitle => "Форма устарела", "Форма искерде", "The form is out of date";
    CsrfBody => "Форма устарела или отправлена с другого сайта, поэтому ничего не изменено. Откройте страницу заново и повторите.",
        "Форма искергән яки башка сайттан җибәрелгән, шуңа күрә бернәрсә дә үзгәртелмәде. Битне яңадан ачып кабатлагыз.",
        "The form was out of date or sent from another site, so nothing was changed. Open the page again and repeat.";
    FailedTitle => "Сбой центра", "Үзәктә хата", "The centre failed";
    FailedBody => "Центр не смог выполнить запрос. Повторите через минуту; если не помогает, сообщите администратору: подробности в журнале сервера.",
        "Үзәк соратуны үти алмады. Бер минуттан соң кабатлагыз; ярдәм итмәсә, администраторга хәбәр итегез: тулырак мәгълүмат сервер журналында.",
        "The centre could not do this. Try again in a minute; if it persists, tell the administrator: the details are in the server's log.";
    NotFoundTitle => "Страница не найдена", "Бит табылмады", "Page not found";
    NotFoundBody => "В консоли нет такой страницы.", "Консольдә мондый бит юк.", "The console has no such page.";
    BackToConsole => "К консоли", "Консольгә", "Back to the console";
    AuditedView => "Этот просмотр записан в журнал аудита.", "Бу карау аудит журналына язылды.", "This view was recorded in the audit log.";

    DevicesTitle => "Киоски центра", "Үзәк киосклары", "The centre's kiosks";
    NoDevices => "Ни один киоск ещё не подключён: создайте токен подключения.",
        "Бер киоск та әле тоташтырылмаган: тоташу токенын ясагыз.",
        "No kiosk is enrolled yet: create an enrolment token.";
    DeviceId => "Идентификатор", "Идентификатор", "Device id";
    Fingerprint => "Отпечаток ключа", "Ачкыч эзе", "Key fingerprint";
    Enrolled => "Подключён", "Тоташтырылган", "Enrolled";
    LastSync => "Последняя синхронизация", "Соңгы синхронлау", "Last sync";
    NeverSynced => "ещё не было", "әле булмады", "not yet";
    RowsHeld => "Записей в центре", "Үзәктәге язмалар", "Rows held";
    HeldThrough => "Принято до номера", "Кабул ителгән соңгы номер", "Held through";
    Unit => "КЦСОН", "КЦСОН", "Centre (КЦСОН)";
    AllUnits => "все", "барысы да", "all";
    Room => "Кабинет", "Бүлмә", "Room";
    Pending => "Ждёт недостающих пакетов", "Җитмәгән пакетларны көтә", "Waiting for missing bundles";
    State => "Состояние", "Хәле", "State";
    Active => "работает", "эшли", "active";
    Revoked => "отозван", "кире алынган", "revoked";
    RevokeButton => "Отозвать", "Кире алу", "Revoke";
    RevokeConfirmTitle => "Отозвать киоск?", "Киоскны кире алырга?", "Revoke this kiosk?";
    RevokeConfirmBody => "Центр перестанет принимать данные этого киоска. Уже полученные записи сохранятся. Снова подключить его можно только вручную (ladoshka-centre devices add).",
        "Үзәк бу киосктан мәгълүмат кабул итүне туктатачак. Алынган язмалар саклана. Аны яңадан кул белән генә тоташтырып була (ladoshka-centre devices add).",
        "The centre will refuse this kiosk's data from now on. What it already sent is kept. It can only be enrolled again by hand (ladoshka-centre devices add).";
    RevokeConfirmButton => "Да, отозвать", "Әйе, кире алырга", "Yes, revoke";
    Cancel => "Отмена", "Баш тарту", "Cancel";
    RevokedDone => "Киоск отозван: его данные больше не принимаются.", "Киоск кире алынды: аның мәгълүматы инде кабул ителми.", "The kiosk was revoked: its data is refused from now on.";
    AlreadyRevoked => "Этот киоск уже был отозван.", "Бу киоск инде кире алынган иде.", "This kiosk was already revoked.";
    UnknownDevice => "Такого киоска в центре нет: откройте список киосков заново.", "Үзәктә мондый киоск юк: киосклар исемлеген яңадан ачыгыз.", "There is no such kiosk at this centre: open the list of kiosks again.";

    TokensTitle => "Подключение киоска", "Киоскны тоташтыру", "Enrol a kiosk";
    TokensIntro => "Токен подключает один киоск один раз. Введите его на киоске (или отсканируйте QR-код) и сверьте отпечаток центра с экраном киоска.",
        "Токен бер киоскны бер тапкыр тоташтыра. Аны киоскта кертегез (яки QR-кодны сканерлагыз) һәм үзәк эзен киоск экраны белән чагыштырыгыз.",
        "A token enrols one kiosk once. Type it on the kiosk (or scan the QR code) and compare the centre's fingerprint with the kiosk's screen.";
    ValidHours => "Действует, часов", "Гамәлдә, сәгать", "Valid for, hours";
    CreateToken => "Создать токен", "Токен ясау", "Create a token";
    TokenCreatedTitle => "Новый токен подключения", "Яңа тоташу токены", "New enrolment token";
    TokenShownOnce => "Токен показывается один раз: центр хранит только его хеш. Перепишите его или отсканируйте код сейчас.",
        "Токен бер генә тапкыр күрсәтелә: үзәк аның хешын гына саклый. Аны хәзер күчереп языгыз яки кодны сканерлагыз.",
        "The token is shown once: the centre keeps only its hash. Copy it or scan the code now.";
    Token => "Токен", "Токен", "Token";
    CentreAddress => "Адрес центра", "Үзәк адресы", "Centre address";
    CentreFingerprint => "Отпечаток центра", "Үзәк эзе", "Centre fingerprint";
    ValidUntil => "Действует до", "Гамәлдә булу вакыты", "Valid until";
    QrCaption => "QR-код для киоска: адрес центра, токен и отпечаток", "Киоск өчен QR-код: үзәк адресы, токен һәм эз", "QR code for the kiosk: centre address, token and fingerprint";
    BadHours => "Укажите срок от 1 до 8760 часов.", "1 дән 8760 сәгатькә кадәр срок күрсәтегез.", "Give a validity of 1 to 8760 hours.";
    AnotherToken => "Создать ещё один", "Тагын берне ясау", "Create another";

    IndicatorsTitle => "Показатели по всем киоскам", "Барлык киосклар буенча күрсәткечләр", "Indicators across all kiosks";
    From => "С", "Башлап", "From";
    To => "По", "Кадәр", "To";
    Show => "Показать", "Күрсәтү", "Show";
    DownloadCsv => "Скачать CSV", "CSV йөкләү", "Download CSV";
    PrintablePage => "Страница для печати", "Басма өчен бит", "Printable page";
    Code => "Код", "Код", "Code";
    Indicator => "Показатель", "Күрсәткеч", "Indicator";
    Value => "Значение", "Кыйммәт", "Value";
    ChartSituations => "Дети, получившие помощь, по ситуациям", "Ярдәм алган балалар, хәлләр буенча", "Children helped by life situation";
    ChartSessions => "Проведённые занятия по видам", "Үткәрелгән шөгыльләр төрләре буенча", "Sessions held by kind";
    Kiosks => "Киосков", "Киосклар", "Kiosks";
    Rows => "Записей", "Язмалар", "Rows";
    Quarantined => "Не учтено записей (повреждены, см. журнал сервера)", "Исәпкә алынмаган язмалар (бозык, сервер журналын карагыз)", "Rows left out (unusable, see the server's log)";
    BadPeriod => "Период задан неверно: дата «по» раньше даты «с» или не распознана. Пример: 2026-11-01.",
        "Период дөрес күрсәтелмәгән: «кадәр» датасы «башлап» датасыннан алдарак яки танылмады. Мисал: 2026-11-01.",
        "The period is wrong: the «to» day is before the «from» day, or a day could not be read. Example: 2026-11-01.";
    FamiliesNote => "Дети и семьи каждого киоска считаются отдельно: семья, записанная на двух киосках, учитывается дважды.",
        "Һәр киоскның балалары һәм гаиләләре аерым санала: ике киоскта язылган гаилә ике тапкыр исәпләнә.",
        "Each kiosk's children and families are its own: a family enrolled on two kiosks counts twice.";

    AuditTitle => "Журнал аудита", "Аудит журналы", "Audit log";
    AuditIntro => "Последние 200 записей, новые сверху: входы, просмотры данных о детях и устройствах, отзывы киосков, токены.",
        "Соңгы 200 язма, яңалары өстә: керүләр, балалар һәм җайланмалар турында мәгълүматны карау, киоскларны кире алу, токеннар.",
        "The latest 200 entries, newest first: sign-ins, views of child and device data, revocations, tokens.";
    When => "Когда", "Кайчан", "When";
    Who => "Кто", "Кем", "Who";
    Action => "Действие", "Гамәл", "Action";
    Subject => "Подробности", "Тулырак", "Details";
    Kiosk => "Киоск", "Киоск", "Kiosk";
    Address => "Адрес", "Адрес", "Address";
    NoAudit => "Журнал пуст.", "Журнал буш.", "The log is empty.";

    ErasuresTitle => "Удаления персональных данных", "Шәхси мәгълүматны бетерү", "Erasures of personal data";
    ErasuresIntro => "Удаления по запросам семей (152-ФЗ), выполненные центром по записям удаления, пришедшим с киосков.",
        "Гаиләләр соравы буенча бетерүләр (152-ФЗ): үзәк аларны киосклардан килгән бетерү язмалары буенча үтәде.",
        "Erasures at families' request (152-FZ), carried out by the centre on the erasure rows the kiosks sent.";
    ErasedAt => "Удалено", "Бетерелгән", "Erased at";
    RowsDeleted => "Удалено записей", "Бетерелгән язмалар", "Rows deleted";
    KioskRow => "Номер записи киоска", "Киоск язмасы номеры", "Kiosk row";
    NoErasures => "Удалений ещё не было.", "Бетерүләр әле булмады.", "No erasures yet.";
    ErasuresDoneTitle => "Выполненные удаления", "Үтәлгән бетерүләр", "Erasures carried out";
    OrdersTitle => "Поручения центра об удалении", "Үзәкнең бетерү боерыклары", "The centre's erasure orders";
    OrdersIntro => "Удаление по заявлению, поданному семьёй в центр: киоск, на котором записана семья, получает поручение со следующим пакетом настроек, удаляет семью и сообщает об этом; тогда центр удаляет и свою копию. Поручение даёт команда ladoshka-centre erasure order.",
        "Гаиләнең үзәккә биргән гаризасы буенча бетерү: гаилә язылган киоск боерыкны киләсе көйләүләр пакеты белән ала, гаиләне бетерә һәм бу хакта хәбәр итә; шуннан соң үзәк тә үз күчермәсен бетерә. Боерыкны ladoshka-centre erasure order командасы бирә.",
        "Erasure at a family's request made at the centre: the kiosk the family is enrolled on gets the order with its next configuration package, erases the family and reports it; then the centre erases its copy too. Orders are given with ladoshka-centre erasure order.";
    NoOrders => "Поручений об удалении не было.", "Бетерү боерыклары булмады.", "No erasure orders yet.";
    OrderNo => "Поручение №", "Боерык №", "Order no.";
    FamilyOnKiosk => "Семья (номер на киоске)", "Гаилә (киосктагы номеры)", "Family (its number on the kiosk)";
    OrderedAt => "Поручено", "Боерык бирелгән", "Ordered at";
    ConfigVersion => "Версия настроек", "Көйләүләр версиясе", "Configuration version";
    OrderReason => "Основание", "Нигез", "Reason";
    OrderOrdered => "поручено: киоск ещё не взял эту версию настроек", "боерык бирелгән: киоск бу көйләүләр версиясен әле алмаган", "ordered: the kiosk has not taken this configuration version yet";
    OrderDelivered => "доставлено: поручение на киоске, ответ ещё не пришёл", "тапшырылган: боерык киоскта, җавап әле килмәгән", "delivered: the kiosk has the order, its answer has not arrived yet";
    OrderCarriedOut => "выполнено: удалено на киоске и в центре", "үтәлгән: киоскта да, үзәктә дә бетерелгән", "carried out: erased on the kiosk and at the centre";
    CarriedOutAt => "Выполнено", "Үтәлгән", "Carried out at";
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_message_has_all_three_languages() {
        for &msg in Msg::ALL {
            for lang in Language::ALL {
                assert!(
                    !text(msg, lang).trim().is_empty(),
                    "{msg:?} is empty in {lang:?}"
                );
            }
        }
    }

    #[test]
    fn tatar_is_written_with_its_own_letters() {
        let all: String = Msg::ALL.iter().map(|&m| text(m, Language::Tt)).collect();
        for letter in ['ә', 'ө', 'ү', 'җ', 'ң', 'һ'] {
            assert!(all.contains(letter), "no «{letter}» in the Tatar texts");
        }
    }
}
