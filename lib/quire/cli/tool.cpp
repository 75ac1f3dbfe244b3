#include "quire/cli/tool.hpp"

#include <cstdio>
#include <exception>
#include <iostream>
#include <new>

#include "quire/io/file.hpp"

namespace quire::cli {

const char* version() { return "0.1.0"; }

Tool::Tool(std::string name, const std::string& description, const std::string& example)
    : app(name + " — " + description, name), name_(std::move(name)) {
  app.set_version_flag("-V,--version", name_ + " (quire) " + version());
  app.footer("Example:\n  " + example +
             "\n\nExit status: 0 success, 1 invalid input (diagnostics on standard error), 2 usage or I/O error.");
}

void Tool::add_inputs(std::vector<std::string>& files, const std::string& what) {
  files = {"-"};
  app.add_option("files", files, what + " ('-' or none reads standard input)")->type_name("FILE");
}

void Tool::add_output(std::string& output, const std::string& what) {
  output = "-";
  app.add_option("-o,--output", output, what + " ('-' or none writes standard output)")->type_name("FILE");
}

void print_diagnostics(const Diagnostics& diags) {
  for (const auto& d : diags.all()) std::fprintf(stderr, "%s\n", format(d).c_str());
}

int Tool::run(int argc, char** argv, const std::function<int(Diagnostics&)>& body) {
  io::ignore_sigpipe();
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
  Diagnostics diags;
  int status = kExitOk;
  try {
    status = body(diags);
    if (status == kExitOk && diags.has_errors()) status = kExitInvalid;
  } catch (const InvalidInput&) {
    status = kExitInvalid;
  } catch (const Error& e) {
    print_diagnostics(diags);
    diags.clear();
    if (e.pos().file.empty() && !e.pos().known())
      std::fprintf(stderr, "%s: error: %s\n", name_.c_str(), e.what());
    else
      std::fprintf(stderr, "%s\n", format(Diagnostic{Severity::Error, e.pos(), e.what(), {}}).c_str());
    status = exit_code(e.kind());
  } catch (const io::BrokenPipe&) {
    return kExitOk;  // the reader went away (e.g. `| head`): end quietly
  } catch (const std::bad_alloc&) {
    std::fprintf(stderr, "%s: error: out of memory\n", name_.c_str());
    status = kExitUsage;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "%s: internal error: %s\n", name_.c_str(), e.what());
    status = kExitUsage;
  }
  print_diagnostics(diags);
  return status;
}

}  // namespace quire::cli
