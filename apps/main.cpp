// The `sluice` binary: parses the command line (CLI11) and runs one subcommand. Logs go to
// stderr, data to stdout.
#include <CLI/CLI.hpp>
#include <cstdio>

#include "apps/commands.hpp"

#ifndef SLUICE_VERSION
#  define SLUICE_VERSION "0.0.0"
#endif

int main(int argc, char** argv) {
  CLI::App app{"sluice: a self-hosted proxy platform on an event-sourced core"};
  app.require_subcommand(0, 1);
  bool version = false;
  app.add_flag("--version", version, "Print the version and exit");

  sluice::apps::config_source source;
  auto add_source = [&source](CLI::App* cmd) {
    cmd->add_option("--config", source.config_file, "TOML configuration file")
      ->check(CLI::ExistingFile);
    cmd->add_option("--data-dir", source.data_dir, "Data directory (overrides the configuration)");
  };
  auto* serve = app.add_subcommand("serve", "Run the gateway, the APIs and the actors");
  add_source(serve);
  auto* replay = app.add_subcommand(
    "replay", "Rebuild projections from the log, compare, and repair the live ones");
  add_source(replay);
  bool check_only = false;
  replay->add_flag("--check", check_only, "Only compare; exit 1 if they differ");
  auto* audit = app.add_subcommand("audit", "Print an account's billing ledger");
  add_source(audit);
  sluice::apps::audit_options audit_opts;
  audit->add_option("--account", audit_opts.account_id, "Account id (u_...)")->required();
  audit->add_option("--from", audit_opts.from, "From this day or time (inclusive)");
  audit->add_option("--to", audit_opts.to, "To this day (inclusive) or time (exclusive)");
  audit->add_option("--format", audit_opts.format, "csv (default) or jsonl");
  auto* verify = app.add_subcommand("verify", "Check the billing invariants over the whole log");
  add_source(verify);
  auto* events = app.add_subcommand("events", "Print event envelopes as JSON lines");
  add_source(events);
  std::uint64_t after = 0;
  bool follow = false;
  events->add_option("--after", after, "Print events with a sequence above SEQ")->required();
  events->add_flag("--follow", follow, "Keep printing new events as they are appended");

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e);
  }
  if (version) {
    std::printf("sluice %s\n", SLUICE_VERSION);
    return 0;
  }
  if (serve->parsed())
    return sluice::apps::serve(source);
  if (replay->parsed())
    return sluice::apps::replay(source, check_only);
  if (audit->parsed())
    return sluice::apps::audit(source, audit_opts);
  if (verify->parsed())
    return sluice::apps::verify(source);
  if (events->parsed())
    return sluice::apps::print_events(source, after, follow);
  std::fputs(app.help().c_str(), stderr);
  return 2;
}
