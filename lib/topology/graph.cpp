#include "topology/graph.hpp"

#include <algorithm>
#include <queue>
#include <sstream>
#include <stdexcept>

#include <boost/graph/adjacency_list.hpp>
#include <boost/graph/compressed_sparse_row_graph.hpp>
#include <boost/graph/filtered_graph.hpp>
#include <boost/graph/graphviz.hpp>
#include <boost/graph/strong_components.hpp>
#include <boost/pending/disjoint_sets.hpp>

namespace pubplan::detail {

namespace {

struct VertexProps {
  TopologyGraph::VertexKind kind;
  int index;  // into the model's vector of that kind
};
struct EdgeProps {
  TopologyGraph::EdgeKind kind;
};
// The graph the analyses read: compressed sparse rows, built in one pass from
// the edge list. The graph never changes once built, and an adjacency list's
// per-vertex vectors, grown edge by edge, were a tenth of loading a topology
// of 100,000 packages.
using Graph = boost::compressed_sparse_row_graph<boost::directedS, VertexProps, EdgeProps>;
using Vertex = Graph::vertex_descriptor;
// The graph DOT is written from (it needs in-edges to draw a selection's
// neighbours): built only then, its edges in the order of the edge list.
using DrawnGraph = boost::adjacency_list<boost::vecS, boost::vecS, boost::bidirectionalS, VertexProps, EdgeProps,
                                         boost::no_property, boost::vecS>;

struct EdgeRecord {
  Vertex source, target;
  EdgeProps props;
};

// Keeps only depends_on edges.
struct DependsOnly {
  const Graph *g = nullptr;
  bool operator()(const Graph::edge_descriptor &e) const {
    return (*g)[e].kind == TopologyGraph::EdgeKind::depends_on;
  }
};

// At most two distinct repositories: enough to tell whether a set holds one
// other than a given repository, at constant cost per union.
struct RepoPair {
  int a = -1, b = -1;
  void add(int r) {
    if (r < 0 || r == a || r == b) return;
    if (a < 0) a = r;
    else if (b < 0) b = r;
  }
  void add(const RepoPair &o) {
    add(o.a);
    add(o.b);
  }
  bool has_other_than(int r) const { return (a >= 0 && a != r) || (b >= 0 && b != r); }
};

// Lists of ints grouped by a key, in one array (a vector per key was 100,000
// small allocations for a topology of 100,000 packages): items of key k are
// items[start[k]] .. items[start[k + 1] - 1], in the order they were added.
struct Grouped {
  std::vector<int> start, items;
  // From (key, item) pairs in order; keys below `keys`. A stable counting sort.
  Grouped(std::size_t keys, const std::vector<std::pair<int, int>> &pairs) : start(keys + 1, 0), items(pairs.size()) {
    for (const auto &[k, v] : pairs) ++start[static_cast<std::size_t>(k) + 1];
    for (std::size_t k = 0; k < keys; ++k) start[k + 1] += start[k];
    std::vector<int> next(start.begin(), start.end() - 1);
    for (const auto &[k, v] : pairs) items[static_cast<std::size_t>(next[static_cast<std::size_t>(k)]++)] = v;
  }
  struct Range {
    const int *b, *e;
    const int *begin() const { return b; }
    const int *end() const { return e; }
  };
  Range operator[](std::size_t k) const { return {items.data() + start[k], items.data() + start[k + 1]}; }
};

std::string quoted(const std::string &s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') out += '\\';
    out += c == '\n' ? ' ' : c;
  }
  return out + "\"";
}

}  // namespace

struct TopologyGraph::Impl {
  std::size_t first_pipeline = 0, first_package = 0, first_scope = 0, vertices = 0;
  Graph g;

  explicit Impl(const TopologyModel &m)
      : first_pipeline(m.repositories.size()),
        first_package(first_pipeline + m.pipelines.size()),
        first_scope(first_package + m.packages.size()),
        vertices(first_scope + m.orgs.size()),
        g(csr(edges(m))) {
    label(g, m);
  }

  // Every edge: pipelines' lives-in edges, then each package's lives-in,
  // owned-by, publishes and depends-on edges (the order DOT lists them in).
  std::vector<EdgeRecord> edges(const TopologyModel &m) const {
    std::vector<EdgeRecord> out;
    std::size_t count = m.pipelines.size();
    for (const Package &p : m.packages) count += 2 + p.published_by.size() + p.depends_on.size();
    out.reserve(count);
    for (std::size_t i = 0; i < m.pipelines.size(); ++i)
      if (m.pipelines[i].repository >= 0)
        out.push_back({first_pipeline + i, Vertex(m.pipelines[i].repository), {EdgeKind::lives_in}});
    for (std::size_t i = 0; i < m.packages.size(); ++i) {
      const Package &p = m.packages[i];
      const Vertex v = first_package + i;
      if (p.repository >= 0) out.push_back({v, Vertex(p.repository), {EdgeKind::lives_in}});
      if (p.org >= 0) out.push_back({v, first_scope + p.org, {EdgeKind::owned_by}});
      for (int q : p.published_by) out.push_back({first_pipeline + q, v, {EdgeKind::publishes}});
      for (int d : p.depends_on) out.push_back({v, first_package + d, {EdgeKind::depends_on}});
    }
    return out;
  }

  // The rows keep each vertex's out-edges in edge-list order (the unsorted
  // constructor places them by a stable count of sources).
  Graph csr(const std::vector<EdgeRecord> &edges) const {
    std::vector<std::pair<Vertex, Vertex>> ends;
    std::vector<EdgeProps> props;
    ends.reserve(edges.size());
    props.reserve(edges.size());
    for (const auto &e : edges) {
      ends.emplace_back(e.source, e.target);
      props.push_back(e.props);
    }
    return Graph(boost::edges_are_unsorted_multi_pass, ends.begin(), ends.end(), props.begin(), vertices);
  }

  template <class G>
  void label(G &graph, const TopologyModel &m) const {
    auto kind = [&](std::size_t base, std::size_t n, VertexKind k) {
      for (std::size_t i = 0; i < n; ++i) graph[base + i] = {k, static_cast<int>(i)};
    };
    kind(0, m.repositories.size(), VertexKind::repository);
    kind(first_pipeline, m.pipelines.size(), VertexKind::pipeline);
    kind(first_package, m.packages.size(), VertexKind::package);
    kind(first_scope, m.orgs.size(), VertexKind::scope);
  }

  int package_of(Vertex v) const { return static_cast<int>(v - first_package); }
  Vertex vertex_of_package(int i) const { return first_package + i; }
};

TopologyGraph::~TopologyGraph() = default;
std::size_t TopologyGraph::vertex_count() const { return boost::num_vertices(impl_->g); }
std::size_t TopologyGraph::edge_count() const { return boost::num_edges(impl_->g); }

TopologyGraph::TopologyGraph(const TopologyModel &m) : impl_(std::make_unique<Impl>(m)) {
  const Graph &g = impl_->g;
  const std::size_t K = m.packages.size();
  const std::size_t N = boost::num_vertices(g);

  // Strong components of the dependency edges. Tarjan (Boost's algorithm)
  // numbers a component only after every component it reaches, so a
  // dependency's component always has a smaller number than its dependent's.
  boost::filtered_graph<Graph, DependsOnly> deps(g, DependsOnly{&g});
  std::vector<int> comp(N);
  const int ncomp = boost::strong_components(
      deps, boost::make_iterator_property_map(comp.begin(), boost::get(boost::vertex_index, deps)));
  std::vector<std::pair<int, int>> component_package;
  component_package.reserve(K);
  for (std::size_t i = 0; i < K; ++i) component_package.emplace_back(comp[impl_->vertex_of_package(int(i))], int(i));
  const Grouped members(static_cast<std::size_t>(ncomp), component_package);

  const auto &access_values = attr_info(Attr::package_access).format_values;
  const std::uint32_t private_bit =
      1u << (std::find(access_values.begin(), access_values.end(), "private") - access_values.begin());

  // below[c]: repositories of the (maybe) private packages in c and below it;
  // the two side by side, read together for each of the many dependencies.
  struct Below {
    RepoPair yes, maybe;
  };
  std::vector<Below> below(ncomp);
  std::vector<char> cyclic(ncomp, 0);
  for (int c = 0; c < ncomp; ++c) {
    for (int i : members[c]) {
      const Package &p = m.packages[i];
      if (p.access.domain.mask == private_bit) below[c].yes.add(p.repository);
      else if (p.access.domain.mask & private_bit) below[c].maybe.add(p.repository);
      for (int d : p.depends_on) {
        const int dc = comp[impl_->vertex_of_package(d)];
        if (dc == c) {
          cyclic[c] = 1;
          continue;
        }
        if (dc > c) throw std::logic_error("strong components are not in reverse topological order");
        below[c].yes.add(below[dc].yes);
        below[c].maybe.add(below[dc].maybe);
      }
    }
  }
  installs_private_.assign(K, 0);
  for (std::size_t i = 0; i < K; ++i) {
    const Package &p = m.packages[i];
    const int c = comp[impl_->vertex_of_package(int(i))];
    RepoPair yes, maybe;
    if (cyclic[c]) {  // every member reaches every member, itself included
      yes = below[c].yes;
      maybe = below[c].maybe;
    } else {
      for (int d : p.depends_on) {
        const Below &b = below[comp[impl_->vertex_of_package(d)]];
        yes.add(b.yes);
        maybe.add(b.maybe);
      }
    }
    installs_private_[i] = yes.has_other_than(p.repository) ? 2 : maybe.has_other_than(p.repository) ? 1 : 0;
  }

  // Cycles, and the release order: Kahn's algorithm over the components,
  // taking the ready component with the smallest first package each time.
  std::vector<int> comp_id(ncomp, -1);  // dense ids of the components that hold packages
  std::vector<int> firsts;
  for (std::size_t i = 0; i < K; ++i) {
    int c = comp[impl_->vertex_of_package(int(i))];
    if (comp_id[c] < 0) {
      comp_id[c] = static_cast<int>(firsts.size());
      firsts.push_back(c);
    }
  }
  for (int c : firsts)
    if (cyclic[c]) cycles_.emplace_back(members[c].begin(), members[c].end());
  std::vector<std::pair<int, int>> dependency_dependent;
  std::vector<int> waiting(firsts.size(), 0);
  std::vector<int> seen;
  for (std::size_t i = 0; i < K; ++i) {
    const int c = comp_id[comp[impl_->vertex_of_package(int(i))]];
    seen.clear();
    for (int d : m.packages[i].depends_on) {
      const int dc = comp_id[comp[impl_->vertex_of_package(d)]];
      if (dc == c || std::count(seen.begin(), seen.end(), dc)) continue;
      seen.push_back(dc);
      dependency_dependent.emplace_back(dc, c);
      ++waiting[c];
    }
  }
  const Grouped dependents(firsts.size(), dependency_dependent);
  std::priority_queue<int, std::vector<int>, std::greater<>> ready;  // dense id = order of first package
  for (std::size_t c = 0; c < firsts.size(); ++c)
    if (waiting[c] == 0) ready.push(static_cast<int>(c));
  release_order_.reserve(K);
  while (!ready.empty()) {
    const int c = ready.top();
    ready.pop();
    for (int i : members[firsts[c]]) release_order_.push_back(i);
    for (int dc : dependents[c])
      if (--waiting[dc] == 0) ready.push(dc);
  }

  // Components for the decomposition: packages and pipelines joined by
  // publishes and depends_on edges (a repository or scope alone joins nothing).
  // Union-find over the edges: no second graph to build.
  std::vector<std::size_t> rank(N), parent(N);
  const auto id = boost::identity_property_map();
  boost::disjoint_sets joined(boost::make_iterator_property_map(rank.begin(), id),
                              boost::make_iterator_property_map(parent.begin(), id));
  for (std::size_t v = 0; v < N; ++v) joined.make_set(v);
  for (auto [e, end] = boost::edges(g); e != end; ++e)
    if (g[*e].kind == EdgeKind::publishes || g[*e].kind == EdgeKind::depends_on)
      joined.union_set(boost::source(*e, g), boost::target(*e, g));
  component_.assign(K, -1);
  std::vector<int> dense(N, -1);
  for (std::size_t i = 0; i < K; ++i) {
    const auto r = joined.find_set(impl_->vertex_of_package(int(i)));
    if (dense[r] < 0) dense[r] = static_cast<int>(component_count_++);
    component_[i] = dense[r];
  }
}

std::vector<PrivateInstall> TopologyGraph::private_installs(const TopologyModel &m,
                                                           const std::vector<std::vector<int>> &sources,
                                                           bool paths) const {
  const Graph &g = impl_->g;
  const auto &access_values = attr_info(Attr::package_access).format_values;
  const std::uint32_t private_bit =
      1u << (std::find(access_values.begin(), access_values.end(), "private") - access_values.begin());
  std::vector<PrivateInstall> out;
  std::vector<int> parent(m.packages.size(), -1), stamp(m.packages.size(), -1);
  for (std::size_t p = 0; p < sources.size() && p < m.pipelines.size(); ++p) {
    if (sources[p].empty()) continue;
    const int repo = m.pipelines[p].repository;
    std::vector<int> queue;
    for (int s : sources[p])
      if (stamp[s] != int(p)) {
        stamp[s] = int(p);
        parent[s] = -1;
        queue.push_back(s);
      }
    for (std::size_t head = 0; head < queue.size(); ++head) {
      const int u = queue[head];
      for (auto [e, end] = boost::out_edges(impl_->vertex_of_package(u), g); e != end; ++e) {
        if (g[*e].kind != EdgeKind::depends_on) continue;
        const int d = impl_->package_of(boost::target(*e, g));
        if (stamp[d] == int(p)) continue;
        stamp[d] = int(p);
        parent[d] = u;
        queue.push_back(d);
        const Package &dep = m.packages[d];
        if (dep.access.domain.mask == private_bit && dep.repository != repo) {
          PrivateInstall need{int(p), d, {}};
          if (paths) {
            for (int x = d; x >= 0; x = parent[x]) need.path.push_back(x);
            std::reverse(need.path.begin(), need.path.end());
          }
          out.push_back(std::move(need));
        }
      }
    }
  }
  return out;
}

namespace {

// The vertices to draw: all, or those selected and their neighbours.
struct Drawn {
  const std::vector<bool> *keep = nullptr;
  bool operator()(DrawnGraph::vertex_descriptor v) const { return !keep || (*keep)[v]; }
};

}  // namespace

std::string TopologyGraph::to_dot(const TopologyModel &m, const std::vector<std::string> &package_style,
                                  const std::vector<bool> &packages, const std::vector<bool> &pipelines,
                                  const std::string &extra) const {
  DrawnGraph g(impl_->vertices);
  impl_->label(g, m);
  for (const auto &e : impl_->edges(m)) boost::add_edge(e.source, e.target, e.props, g);
  std::vector<bool> keep;
  if (!packages.empty() || !pipelines.empty()) {
    keep.assign(boost::num_vertices(g), false);
    auto chosen = [&](Vertex v) {
      const VertexProps &p = g[v];
      const auto i = static_cast<std::size_t>(p.index);
      return (p.kind == VertexKind::package && i < packages.size() && packages[i]) ||
             (p.kind == VertexKind::pipeline && i < pipelines.size() && pipelines[i]);
    };
    for (auto [v, end] = boost::vertices(g); v != end; ++v) {
      if (!chosen(*v)) continue;
      keep[*v] = true;
      for (auto [e, e_end] = boost::out_edges(*v, g); e != e_end; ++e) keep[boost::target(*e, g)] = true;
      for (auto [e, e_end] = boost::in_edges(*v, g); e != e_end; ++e) keep[boost::source(*e, g)] = true;
    }
  }
  auto vertex_writer = [&](std::ostream &out, Vertex v) {
    const VertexProps &p = g[v];
    switch (p.kind) {
      case VertexKind::repository:
        out << "[label=" << quoted(m.repositories[p.index].name) << ",shape=folder]";
        break;
      case VertexKind::pipeline:
        out << "[label=" << quoted(m.pipelines[p.index].name) << ",shape=box,style=rounded]";
        break;
      case VertexKind::package: {
        out << "[label=" << quoted(m.packages[p.index].name) << ",shape=ellipse";
        if (std::size_t(p.index) < package_style.size() && !package_style[p.index].empty())
          out << "," << package_style[p.index];
        out << "]";
        break;
      }
      case VertexKind::scope:
        out << "[label="
            << quoted(m.orgs[p.index].name.starts_with("(") ? m.orgs[p.index].name : "@" + m.orgs[p.index].name)
            << ",shape=hexagon]";
        break;
    }
  };
  auto edge_writer = [&](std::ostream &out, DrawnGraph::edge_descriptor e) {
    switch (g[e].kind) {
      case EdgeKind::publishes: out << "[label=publishes]"; break;
      case EdgeKind::depends_on: out << "[label=\"depends on\",style=dashed]"; break;
      case EdgeKind::lives_in: out << "[style=dotted,arrowhead=none]"; break;
      case EdgeKind::owned_by: out << "[style=dotted,arrowhead=none,color=gray]"; break;
    }
  };
  auto graph_writer = [&](std::ostream &out) { out << "rankdir=LR;\nnode [fontname=\"Helvetica\"];\n" << extra; };
  std::ostringstream out;
  if (keep.empty()) {
    boost::write_graphviz(out, g, vertex_writer, edge_writer, graph_writer);
  } else {
    const boost::filtered_graph<DrawnGraph, boost::keep_all, Drawn> part(g, boost::keep_all{}, Drawn{&keep});
    boost::write_graphviz(out, part, vertex_writer, edge_writer, graph_writer, boost::get(boost::vertex_index, g));
  }
  return out.str();
}

}  // namespace pubplan::detail
