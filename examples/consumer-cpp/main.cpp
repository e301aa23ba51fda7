#include <pubplan/pubplan.hpp>
#include <iostream>

int main() {
  try {
    pubplan::Catalog catalog = pubplan::Catalog::builtin();
    pubplan::Planner planner(catalog);
    pubplan::Result result = planner.solve(pubplan::Topology::load_file("examples/acme.yaml"));
    for (const auto &p : result.packages)
      std::cout << p.name << ": " << p.recommended.value_or("nothing fits") << "\n";
    std::cout << pubplan::to_json(result);
    return result.exit_code();
  } catch (const pubplan::InputError &e) {   // TopologyError or CatalogError
    for (const auto &d : e.diagnostics()) std::cerr << d.to_string() << "\n";
    return 2;
  }
}
