#include "quire/cli/tool.hpp"

#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <exception>
#include <iostream>
#include <new>

#include "quire/cli/completion.hpp"
#include "quire/cli/depfile.hpp"
#include "quire/cli/describe.hpp"
#include "quire/cli/manual.hpp"
#include "quire/diag/progress.hpp"
#include "quire/diag/repeats.hpp"
#include "quire/io/file.hpp"

namespace quire::cli {

const char* version() { return "0.1.0"; }

Tool::Tool(std::string name, const std::string& description, const std::string& example)
    : app(name + " — " + description, name), name_(std::move(name)) {
  app.set_version_flag("-V,--version", name_ + " (quire) " + version());
  app.footer("Example:\n  " + example +
             "\n\nExit status: 0 success, 1 invalid input (diagnostics on standard error), 2 usage or I/O error.");
}

CLI::Option* Tool::add_inputs(std::vector<std::string>& files, const std::string& what) {
  files = {"-"};
  return app.add_option("files", files, what + " ('-' or none reads standard input)")->type_name("FILE");
}

CLI::Option* Tool::add_output(std::string& output, const std::string& what) {
  output = "-";
  return app.add_option("-o,--output", output, what + " ('-' or none writes standard output)")->type_name("FILE");
}

void Tool::add_diagnostic_options(int default_max_errors) {
  auto& o = diagnostic_options;
  o.max_errors = default_max_errors;
  app.add_option("--format", o.format,
                 "diagnostics as 'text' (FILE:LINE:COL: error: MESSAGE; coloured on a terminal unless NO_COLOR "
                 "is set) or 'json' (one object per line: file, line, column, severity, message, path, rule)")
      ->check(CLI::IsMember({"text", "json"}))
      ->capture_default_str();
  app.add_option("--max-errors", o.max_errors, "stop after N errors (0: no limit)")
      ->check(CLI::NonNegativeNumber)
      ->type_name("N")
      ->capture_default_str();
  app.add_flag("--strict", o.strict, "warnings fail the run too (exit 1)");
}

void Tool::add_depfile(const std::string& output, CLI::App* into) {
  CLI::App* to = into ? into : &app;
  output_ = &output;
  to->add_option("-M,--depfile", depfile_,
                 "also write FILE: a make rule from the output(s) to every file the run read (Markdown, "
                 "includes, templates, data, schemas, images, fonts), also when the run fails")
      ->type_name("FILE");
  to->add_option("--depfile-target", depfile_target_,
                 "the depfile rule's target, instead of the files written (needed when the output is standard "
                 "output)")
      ->type_name("NAME");
}

void Tool::add_progress(CLI::App* into) {
  progress_ = true;
  (into ? into : &app)
      ->add_flag("-q,--quiet", quiet_,
                 "no progress line (shown on a terminal during long runs, never when standard error is a pipe or "
                 "CI is set)");
}

int Tool::finish_depfile(int status, const std::function<void(const std::string&)>& report) {
  if (depfile_.empty()) return status;
  try {
    write_depfile(depfile_, depfile_target_, output_ ? *output_ : std::string());
  } catch (const Error& e) {
    report(e.what());
    if (status == kExitOk) status = exit_code(e.kind());
  }
  return status;
}

bool stderr_wants_colour() {
  const char* no_colour = std::getenv("NO_COLOR");
  if (no_colour && *no_colour) return false;
  return isatty(STDERR_FILENO) == 1;
}

void print_diagnostics(const Diagnostics& diags, const FormatStyle& style) {
  if (!diags.all().empty()) progress().erase();
  for (const auto& line : format_lines(diags.all(), style)) std::fprintf(stderr, "%s\n", line.c_str());
}

void print_diagnostics(const Diagnostics& diags) { print_diagnostics(diags, FormatStyle{}); }

int Tool::generate(int argc, char** argv) {
  std::vector<std::string> args(argv + 2, argv + argc);
  try {
    std::string text;
    if (args.size() == 3 && args[0] == "man") {
      std::string source = io::read_file(args[1]);
      auto header = read_man_header(source, args[1]);
      CLI::App* command = nullptr;
      std::string invocation = name_;
      if (header.name == name_) {
        command = &app;
      } else if (header.name.rfind(name_ + "-", 0) == 0) {
        std::string sub = header.name.substr(name_.size() + 1);
        for (CLI::App* s : app.get_subcommands([](CLI::App*) { return true; }))
          if (s->get_name() == sub) command = s;
        invocation += " " + sub;
      }
      CommandInfo info;
      if (command) info = describe(*command);
      text = man_page(source, args[1], command ? &info : nullptr, invocation);
    } else if (args.size() == 2 && (args[0] == "bash" || args[0] == "zsh")) {
      auto info = describe(app);
      text = args[0] == "bash" ? bash_completion(info) : zsh_completion(info);
    } else {
      std::fprintf(stderr, "%s: usage: --generate man PAGE.md OUT | --generate bash|zsh OUT\n", name_.c_str());
      return kExitUsage;
    }
    io::OutputFile out(args.back());
    out.write(text);
    out.commit();
    return kExitOk;
  } catch (const Error& e) {
    Diagnostic d{Severity::Error, e.pos(), e.what(), {}, {}, {}};
    std::fprintf(stderr, "%s\n", format(d, FormatStyle{}).c_str());
    return exit_code(e.kind());
  }
}

int Tool::run(int argc, char** argv, const std::function<int(Diagnostics&)>& body) {
  io::ignore_sigpipe();
  if (argc >= 2 && std::string(argv[1]) == "--generate") return generate(argc, argv);
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    std::fprintf(stderr, "%s: %s\nTry '%s --help' for more information.\n", name_.c_str(), e.what(), name_.c_str());
    return kExitUsage;
  }
  if (!depfile_.empty()) {
    if (output_ && depfile_ == *output_) {
      std::fprintf(stderr, "%s: -M and -o name the same file\n", name_.c_str());
      return kExitUsage;
    }
    io::record_files();
  }
  FormatStyle style;
  style.json = diagnostic_options.format == "json";
  style.colour = !style.json && stderr_wants_colour();
  // A failure with no position: "NAME: error: MESSAGE" as text, a diagnostic without a file as JSON.
  auto report_failure = [&](const SourcePos& pos, const std::string& message) {
    progress().finish();
    if (style.json || !pos.file.empty() || pos.known()) {
      Diagnostic d{Severity::Error, pos, message, {}, {}, {}};
      if (style.json && d.pos.file.empty()) d.pos.file = name_;
      std::fprintf(stderr, "%s\n", format(d, style).c_str());
    } else {
      std::fprintf(stderr, "%s: %s\n", name_.c_str(),
                   format(Diagnostic{Severity::Error, {}, message, {}, {}, {}}, style).c_str());
    }
  };
  if (progress_) progress().enable(name_, quiet_);
  Diagnostics diags;
  diags.set_max_errors(diagnostic_options.max_errors);
  int status = kExitOk;
  try {
    status = body(diags);
    if (status == kExitOk && diags.has_errors()) status = kExitInvalid;
    if (status == kExitOk && diagnostic_options.strict && diags.warning_count() > 0) status = kExitInvalid;
  } catch (const TooManyErrors&) {
    print_diagnostics(diags, style);
    diags.clear();
    report_failure({},
                   "too many errors; stopping (--max-errors " + std::to_string(diagnostic_options.max_errors) + ")");
    status = kExitInvalid;
  } catch (const InvalidInput&) {
    status = kExitInvalid;
  } catch (const Error& e) {
    print_diagnostics(diags, style);
    diags.clear();
    report_failure(e.pos(), e.what());
    status = exit_code(e.kind());
  } catch (const io::BrokenPipe&) {
    // the reader went away (e.g. `| head`): end quietly
    progress().finish();
    return finish_depfile(kExitOk, [&](const std::string& message) { report_failure({}, message); });
  } catch (const std::bad_alloc&) {
    print_diagnostics(diags, style);
    diags.clear();
    report_failure({}, "out of memory");
    status = kExitUsage;
  } catch (const std::exception& e) {
    print_diagnostics(diags, style);
    diags.clear();
    report_failure({}, std::string("internal error: ") + e.what());
    status = kExitUsage;
  }
  progress().finish();
  print_diagnostics(diags, style);
  return finish_depfile(status, [&](const std::string& message) { report_failure({}, message); });
}

}  // namespace quire::cli
