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
  auto* replay = app.add_subcommand("replay", "Rebuild projections from the log and compare");
  add_source(replay);
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
    return sluice::apps::replay(source);
  if (events->parsed())
    return sluice::apps::print_events(source, after, follow);
  std::fputs(app.help().c_str(), stderr);
  return 2;
}
