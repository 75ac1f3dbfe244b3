#pragma once
// Depfiles (-M FILE): a make rule from what a run wrote to every file it read, as gcc -MD -MP writes
// them, so that make (and ninja, which reads the same format) reruns quire when any of them changes.
//   report.pdf: 01-intro.md figures/chart.png /usr/share/fonts/…/DejaVuSerif.ttf
//   01-intro.md:
//   figures/chart.png:
// The empty rules keep make going when an input is removed or renamed (it then reruns quire instead
// of stopping at "No rule to make target"). docs/make.md.
#include <string>
#include <vector>

namespace quire::cli {

// `path` written for make: space, '#', ':', '|', '=', '*', '?', '[' and ']' after a backslash, '$' as
// "$$"; '%' after a backslash too when `target` (a '%' makes a pattern rule of a target, and is plain in
// prerequisites). Throws Error(Usage) for what a make rule cannot hold: ';', tabs and line ends.
std::string make_escape(const std::string& path, bool target);

// The rule "TARGET…: INPUT…" (one line per input after the first, continued with backslashes) and an
// empty rule for each input.
std::string make_rule(const std::vector<std::string>& targets, const std::vector<std::string>& inputs);

// The targets of a run's rule: `named` when given (--depfile-target), else the files the run wrote,
// else the output it was asked for (`output`, a file or a pattern such as 'out/{{n}}.pdf') when it failed
// before writing one. Empty when there is none ("-").
std::vector<std::string> depfile_targets(const std::string& named, const std::vector<std::string>& written,
                                         const std::string& output);

// Writes the rule for what this run read and wrote (io::noted_files) to `depfile`, atomically.
// Throws Error(Usage) when there is no target, Error(Io) when it cannot write.
void write_depfile(const std::string& depfile, const std::string& named_target, const std::string& output);

}  // namespace quire::cli
