#pragma once
// Existing PDFs joined into one (`quire join a.pdf b.pdf … -o all.pdf`): every page of every input in
// order, each input's outline kept under an entry of its own (its title), each input's page labels
// kept, or its pages numbered from 1 when it has none, so that a reader's page box shows the page
// number within its letter. docs/scale-out.md.
#include <string>
#include <vector>

#include "quire/diag/diagnostic.hpp"
#include "quire/io/file.hpp"

namespace quire::render {

struct JoinInput {
  std::string path;
  // The outline entry above the file's own entries: "" for the file's /Title, else its name without
  // ".pdf".
  std::string title;
};

// Writes the joined PDF into `out` (not committed: the caller commits). The output's /ID is derived
// from its content, so the same inputs give the same bytes. An input that cannot be read is
// Error(Io); one that is not a PDF, is damaged (qpdf would have to repair it) or is encrypted is
// Error(Input) at the file's name. Tagged inputs lose their structure tree (the joined file is not
// tagged); links between the inputs' pages and named destinations are kept.
void join_pdfs(const std::vector<JoinInput>& inputs, io::OutputFile& out, Diagnostics& diags);

}  // namespace quire::render
