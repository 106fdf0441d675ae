// The human-readable words of a delivery status notification: Postfix's default bounce templates
// (failure, delay, success; `postconf -b`) in English, and the same texts in Italian, Spanish and
// Greek. Text only, '\n' line ends; dsn.cpp puts it in the message.
#pragma once

#include "core/time.h"
#include "mta/dsn.h"

#include <string>
#include <string_view>

namespace postino::mta {

bool dsnLanguageKnown(std::string_view language);  // "en", "it", "es", "el"

// The notification's boilerplate for `kind`, the `language` text first and then the English one
// (English alone for "en" or an unknown language). `delay` and `lifetime` fill the delay warning's
// "for more than 4 hour(s)" and "until it is 5 day(s) old"; Postfix rounds them down to whole
// hours and days, and here a smaller unit is used when that would say 0.
std::string dsnBoilerplate(DsnKind kind, std::string_view language, std::string_view host, Duration delay,
                           Duration lifetime);

}  // namespace postino::mta
