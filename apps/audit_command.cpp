// `sluice audit --account ID [--from --to] [--format csv|jsonl]`: an account's ledger from the
// data directory, oldest first, page by page (any range, constant memory). Opens the store as a
// follower, so it runs beside the server as well as without it.
#include <boost/json/serialize.hpp>
#include <csignal>
#include <cstdio>

#include "apps/commands.hpp"
#include "apps/load_config.hpp"
#include "apps/open_storage.hpp"
#include "events/time.hpp"
#include "infra/storage.hpp"
#include "projections/facade/ledger_queries.hpp"

namespace sluice::apps {
namespace {

constexpr std::size_t page_rows = 1000;

bool write_out(const std::string& text) {
  return std::fwrite(text.data(), 1, text.size(), stdout) == text.size();
}

} // namespace

int audit(const config_source& source, const audit_options& options) {
  if (options.format != "csv" && options.format != "jsonl") {
    std::fprintf(stderr, "sluice audit: --format must be csv or jsonl\n");
    return 2;
  }
  projections::ledger_page_query q;
  q.account_id = options.account_id;
  if (!options.from.empty() && !(q.from = events::parse_time_bound(options.from, false))) {
    std::fprintf(stderr, "sluice audit: --from must be YYYY-MM-DD or an RFC 3339 time\n");
    return 2;
  }
  if (!options.to.empty() && !(q.to = events::parse_time_bound(options.to, true))) {
    std::fprintf(stderr, "sluice audit: --to must be YYYY-MM-DD or an RFC 3339 time\n");
    return 2;
  }
  auto config = load_config(source);
  if (!config)
    return 2;
  infra::system_clock clock;
  auto storage = open_storage(*config, infra::open_mode::follower, clock, "audit");
  if (!storage)
    return 1;
  std::signal(SIGPIPE, SIG_IGN);
  const projections::ledger_queries ledger(storage->projections(infra::projection_space::live));
  auto head = ledger.head(options.account_id);
  if (!head) {
    std::fprintf(stderr, "sluice audit: %s\n", head.error().message().c_str());
    return 1;
  }
  if (!*head) {
    std::fprintf(stderr, "sluice audit: account %s has no ledger entries\n",
                 options.account_id.c_str());
    return 1;
  }
  const bool csv = options.format == "csv";
  if (csv) {
    if (!write_out(projections::ledger_csv_header()))
      return 0;
  }
  q.limit = page_rows;
  for (;;) {
    auto page = ledger.page(q);
    if (!page) {
      std::fprintf(stderr, "sluice audit: %s\n", page.error().message().c_str());
      return 1;
    }
    for (const auto& entry : page->entries) {
      const auto line = csv ? projections::ledger_csv_line(entry)
                            : boost::json::serialize(entry) + "\n";
      if (!write_out(line))
        return 0; // EPIPE: the reader went away.
    }
    if (!page->next_after)
      break;
    q.after_seq = *page->next_after;
  }
  return std::fflush(stdout) == 0 ? 0 : 1;
}

} // namespace sluice::apps
