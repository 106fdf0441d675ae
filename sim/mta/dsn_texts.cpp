#include "mta/dsn_texts.h"

#include <algorithm>
#include <array>
#include <cstdint>
#include <initializer_list>
#include <vector>

namespace postino::mta {

namespace {

// One language's words. {host}, {delay} and {lifetime} are filled in; each text ends with '\n'.
struct Texts {
    const char* code;
    const char* intro;        // "This is the mail system at host {host}.\n"
    const char* failure;      // the non-delivery paragraph
    const char* warning;      // the delay banner's words, one line each, boxed in '#'
    const char* delay;        // "... for more than {delay}.\n... until it is {lifetime} old.\n"
    const char* success;      // the success paragraph
    const char* assistance;   // "For further assistance ..." (failure and delay only)
    const char* signature;    // "                   The mail system\n"
    // Units, singular then plural: hours, days, minutes, seconds.
    std::array<std::array<const char*, 2>, 4> units;
};

// English: Postfix 3.7's built-in templates, word for word (`postconf -b`).
const Texts kEnglish{
    "en",
    "This is the mail system at host {host}.\n",
    "I'm sorry to have to inform you that your message could not\n"
    "be delivered to one or more recipients. It's attached below.\n",
    "THIS IS A WARNING ONLY.  YOU DO NOT NEED TO RESEND YOUR MESSAGE.\n",
    "Your message could not be delivered for more than {delay}.\n"
    "It will be retried until it is {lifetime} old.\n",
    "Your message was successfully delivered to the destination(s)\n"
    "listed below. If the message was delivered to mailbox you will\n"
    "receive no further notifications. Otherwise you may still receive\n"
    "notifications of mail delivery errors from other systems.\n",
    "For further assistance, please send mail to postmaster.\n"
    "\n"
    "If you do so, please include this problem report. You can\n"
    "delete your own text from the attached returned message.\n",
    "                   The mail system\n",
    {{{"hour(s)", "hour(s)"}, {"day(s)", "day(s)"}, {"minute(s)", "minute(s)"}, {"second(s)", "second(s)"}}},
};

const Texts kItalian{
    "it",
    "Questo è il sistema di posta dell'host {host}.\n",
    "Mi dispiace doverti informare che non è stato possibile consegnare\n"
    "il tuo messaggio a uno o più destinatari. Lo trovi allegato qui sotto.\n",
    "QUESTO È SOLO UN AVVISO. NON SERVE REINVIARE IL MESSAGGIO.\n",
    "Da più di {delay} non riusciamo a consegnare il tuo messaggio.\n"
    "Continueremo a provare finché non avrà {lifetime}.\n",
    "Il tuo messaggio è stato consegnato ai destinatari elencati qui\n"
    "sotto. Se è stato consegnato in una casella di posta non riceverai\n"
    "altre notifiche. Altrimenti potresti ancora ricevere notifiche di\n"
    "errori di consegna da altri sistemi.\n",
    "Per ulteriore assistenza, scrivi al postmaster.\n"
    "\n"
    "Se lo fai, includi questo rapporto sul problema. Puoi togliere il\n"
    "tuo testo dal messaggio restituito in allegato.\n",
    "                   Il sistema di posta\n",
    {{{"ora", "ore"}, {"giorno", "giorni"}, {"minuto", "minuti"}, {"secondo", "secondi"}}},
};

const Texts kSpanish{
    "es",
    "Este es el sistema de correo del host {host}.\n",
    "Lamento tener que informarte de que tu mensaje no se ha podido\n"
    "entregar a uno o más destinatarios. Lo encontrarás adjunto abajo.\n",
    "ESTO ES SOLO UN AVISO. NO HACE FALTA QUE VUELVAS A ENVIAR EL MENSAJE.\n",
    "Hace más de {delay} que no se puede entregar tu mensaje.\n"
    "Lo seguiremos intentando hasta que tenga {lifetime} de antigüedad.\n",
    "Tu mensaje se ha entregado correctamente a los destinatarios\n"
    "indicados abajo. Si se ha entregado en un buzón, no recibirás más\n"
    "notificaciones. Si no, aún podrías recibir avisos de errores de\n"
    "entrega de otros sistemas.\n",
    "Si necesitas más ayuda, escribe al postmaster.\n"
    "\n"
    "Si lo haces, incluye este informe del problema. Puedes borrar tu\n"
    "propio texto del mensaje devuelto que va adjunto.\n",
    "                   El sistema de correo\n",
    {{{"hora", "horas"}, {"día", "días"}, {"minuto", "minutos"}, {"segundo", "segundos"}}},
};

const Texts kGreek{
    "el",
    "Αυτό είναι το σύστημα αλληλογραφίας του διακομιστή {host}.\n",
    "Λυπάμαι που πρέπει να σε ενημερώσω ότι το μήνυμά σου δεν ήταν\n"
    "δυνατό να παραδοθεί σε έναν ή περισσότερους παραλήπτες. Το βρίσκεις\n"
    "συνημμένο παρακάτω.\n",
    "ΑΥΤΟ ΕΙΝΑΙ ΜΟΝΟ ΜΙΑ ΠΡΟΕΙΔΟΠΟΙΗΣΗ.\n"
    "ΔΕΝ ΧΡΕΙΑΖΕΤΑΙ ΝΑ ΞΑΝΑΣΤΕΙΛΕΙΣ ΤΟ ΜΗΝΥΜΑ ΣΟΥ.\n",
    "Εδώ και πάνω από {delay} δεν ήταν δυνατό να παραδοθεί το μήνυμά σου.\n"
    "Θα συνεχίσουμε να προσπαθούμε μέχρι να συμπληρώσει {lifetime}.\n",
    "Το μήνυμά σου παραδόθηκε με επιτυχία στους παραλήπτες που\n"
    "αναφέρονται παρακάτω. Αν παραδόθηκε σε γραμματοκιβώτιο, δεν θα\n"
    "λάβεις άλλες ειδοποιήσεις. Διαφορετικά, μπορεί ακόμη να λάβεις\n"
    "ειδοποιήσεις για σφάλματα παράδοσης από άλλα συστήματα.\n",
    "Για περισσότερη βοήθεια, στείλε μήνυμα στον postmaster.\n"
    "\n"
    "Αν το κάνεις, συμπερίλαβε αυτή την αναφορά προβλήματος. Μπορείς να\n"
    "σβήσεις το δικό σου κείμενο από το συνημμένο μήνυμα που επιστρέφεται.\n",
    "                   Το σύστημα αλληλογραφίας\n",
    {{{"ώρα", "ώρες"}, {"ημέρα", "ημέρες"}, {"λεπτό", "λεπτά"}, {"δευτερόλεπτο", "δευτερόλεπτα"}}},
};

const Texts* textsFor(std::string_view language) {
    for (const Texts* t : {&kEnglish, &kItalian, &kSpanish, &kGreek})
        if (language == t->code) return t;
    return nullptr;
}

std::string replaceAll(std::string text, std::string_view what, std::string_view with) {
    for (std::size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + with.size()))
        text.replace(at, what.size(), with);
    return text;
}

std::size_t codePoints(std::string_view s) {
    std::size_t n = 0;
    for (unsigned char c : s)
        if ((c & 0xC0) != 0x80) ++n;
    return n;
}

// Postfix's 68-column banner, boxed in '#': as wide as the longest line needs.
std::string banner(std::string_view lines) {
    std::vector<std::string_view> rows;
    std::size_t widest = 0;
    for (std::size_t start = 0; start < lines.size();) {
        std::size_t nl = lines.find('\n', start);
        if (nl == std::string_view::npos) nl = lines.size();
        rows.push_back(lines.substr(start, nl - start));
        widest = std::max(widest, codePoints(rows.back()));
        start = nl + 1;
    }
    const std::string rule(widest + 4, '#');
    std::string out = rule + "\n";
    for (std::string_view row : rows)
        out += "# " + std::string(row) + std::string(widest - codePoints(row), ' ') + " #\n";
    return out + rule + "\n";
}

// Units in the order of Texts::units.
enum Unit { Hours, Days, Minutes, Seconds };

// "4 hour(s)": the count in the first unit of `order` that is not zero, rounded down as Postfix's
// $delay_warning_time_hours and $maximal_queue_lifetime_days are.
std::string amount(const Texts& t, Duration d, std::initializer_list<Unit> order) {
    const std::int64_t secs = d.ns() < 0 ? 0 : d.ns() / 1'000'000'000;
    for (Unit u : order) {
        const std::int64_t size = u == Days ? 86400 : u == Hours ? 3600 : u == Minutes ? 60 : 1;
        const std::int64_t n = secs / size;
        if (n > 0 || u == Seconds) return std::to_string(n) + " " + t.units[u][n == 1 ? 0 : 1];
    }
    return "0";
}

std::string render(const Texts& t, DsnKind kind, std::string_view host, Duration delay, Duration lifetime) {
    std::string out = t.intro;
    out += "\n";
    switch (kind) {
        case DsnKind::Failure:
            out += t.failure;
            break;
        case DsnKind::Delay:
            out += banner(t.warning);
            out += "\n";
            out += replaceAll(replaceAll(t.delay, "{delay}", amount(t, delay, {Hours, Minutes, Seconds})), "{lifetime}",
                              amount(t, lifetime, {Days, Hours, Minutes, Seconds}));
            break;
        case DsnKind::Success:
            out += t.success;
            break;
    }
    if (kind != DsnKind::Success) out += std::string("\n") + t.assistance;
    out += std::string("\n") + t.signature;
    return replaceAll(out, "{host}", host);
}

}  // namespace

bool dsnLanguageKnown(std::string_view language) { return textsFor(language) != nullptr; }

std::string dsnBoilerplate(DsnKind kind, std::string_view language, std::string_view host, Duration delay,
                           Duration lifetime) {
    const Texts* own = textsFor(language);
    std::string out;
    if (own && own != &kEnglish) out += render(*own, kind, host, delay, lifetime) + "\n";
    return out + render(kEnglish, kind, host, delay, lifetime);
}

}  // namespace postino::mta
