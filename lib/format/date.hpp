// Calendar dates as days since 1970-01-01 (UTC): rules take effect on a day,
// and a solve is evaluated on one.
#pragma once
#include <optional>
#include <string>
#include <string_view>

namespace pubplan::detail {

using Day = long long;

// "YYYY-MM-DD" (a valid Gregorian date, year 1970..9999); nullopt otherwise.
std::optional<Day> parse_date(std::string_view text);
std::string format_date(Day day);
// Today in UTC, from the system clock.
Day today();

}  // namespace pubplan::detail
