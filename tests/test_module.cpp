// nn::Module, ModuleHolder / XGRAD_MODULE, Cloneable and the containers (Sequential, ModuleList,
// Functional): registration, the recursive queries and their dotted names, modes, dtype
// conversion, gradients, cloning, printing; and Tensor::set_data, which Module::to relies on.
#include <doctest/doctest.h>

#include <xgrad/nn/cloneable.h>
#include <xgrad/nn/module.h>
#include <xgrad/nn/modules/container/functional.h>
#include <xgrad/nn/modules/container/modulelist.h>
#include <xgrad/nn/modules/container/sequential.h>
#include <xgrad/nn/pimpl.h>

#include <sstream>
#include <string>
#include <vector>

#include "test_helpers.h"

namespace nn = xgrad::nn;
using test_helpers::check_close;
using test_helpers::dtype_of;
using test_helpers::values;
using test_helpers::V;
using xgrad::Tensor;

namespace {

// A small layer with a parameter pair, an integer buffer and a hand-written pretty_print.
struct LinImpl : nn::Cloneable<LinImpl> {
  LinImpl(int64_t in, int64_t out) : Cloneable("test::Lin"), in(in), out(out) { reset(); }
  void reset() override {
    weight = register_parameter("weight", xgrad::randn({out, in}));
    bias = register_parameter("bias", xgrad::zeros({out}));
    steps = register_buffer("steps", xgrad::zeros({}, xgrad::kLong));
  }
  void pretty_print(std::ostream& stream) const override { stream << "test::Lin(in=" << in << ", out=" << out << ")"; }
  Tensor forward(Tensor x) { return x.matmul(weight.t()) + bias; }
  int64_t in, out;
  Tensor weight, bias, steps;
};
XGRAD_MODULE(Lin);

// A user module (no explicit name, not Cloneable) with nested children and a buffer.
struct NetImpl : nn::Module {
  NetImpl() {
    register_module("body", body);
    register_module("head", head);
    scale = register_buffer("scale", xgrad::ones({1}));
  }
  Tensor forward(Tensor x) { return head(xgrad::relu(body->forward(x))) * scale; }
  nn::Sequential body{Lin(3, 4), nn::Functional(xgrad::relu), Lin(4, 4)};
  Lin head{4, 2};
  Tensor scale;
};
XGRAD_MODULE(Net);

// A Cloneable with a Cloneable child, for deep copies.
struct PairImpl : nn::Cloneable<PairImpl> {
  PairImpl() { reset(); }
  void reset() override {
    first = register_module("first", Lin(2, 2));
    mean = register_buffer("mean", xgrad::zeros({2}));
  }
  Lin first{nullptr};
  Tensor mean;
};
XGRAD_MODULE(Pair);

std::vector<std::string> keys_of(const xgrad::OrderedDict<std::string, Tensor>& dict) { return dict.keys(); }

}  // namespace

TEST_CASE("OrderedDict: insertion order, lookup and errors") {
  xgrad::OrderedDict<std::string, int> dict("Thing");
  dict.insert("b", 2);
  dict.insert("a", 1);
  dict.insert("c", 3);
  CHECK(dict.keys() == std::vector<std::string>{"b", "a", "c"});
  CHECK(dict.values() == std::vector<int>{2, 1, 3});
  CHECK(dict["a"] == 1);
  CHECK(dict[0].key() == "b");
  CHECK(dict.front().value() == 2);
  CHECK(dict.back().pair().second == 3);
  CHECK(*dict.find("c") == 3);
  CHECK(dict.find("z") == nullptr);
  CHECK(dict.contains("a"));
  CHECK_THROWS_WITH_AS(dict.insert("a", 5), doctest::Contains("Thing 'a' already defined"), xgrad::Error);
  CHECK_THROWS_WITH_AS(dict["zz"], doctest::Contains("Thing 'zz' is not defined"), xgrad::Error);
  CHECK_THROWS_WITH_AS(dict[7], doctest::Contains("index 7 is out of bounds"), xgrad::Error);
  dict.erase("a");
  CHECK(dict.keys() == std::vector<std::string>{"b", "c"});
  CHECK(dict["c"] == 3);  // the index map follows the erase
  xgrad::OrderedDict<std::string, int> other;
  other.insert("d", 4);
  dict.update(other);
  CHECK(dict.size() == 3);
  CHECK_THROWS_AS(dict.update(other), xgrad::Error);
  int sum = 0;
  for (const auto& item : dict) sum += item.value();
  CHECK(sum == 9);
  dict.clear();
  CHECK(dict.is_empty());
  CHECK_THROWS_WITH_AS(dict.front(), doctest::Contains("empty"), xgrad::Error);
}

TEST_CASE("Module: registration order and dotted names through nested modules and Sequential") {
  Net net;
  const std::vector<std::string> expected = {"body.0.weight", "body.0.bias", "body.2.weight",
                                             "body.2.bias",   "head.weight", "head.bias"};
  CHECK(keys_of(net->named_parameters()) == expected);
  CHECK(net->parameters().size() == 6);
  CHECK(net->parameters()[4].is_same(net->head->weight));
  CHECK(net->named_parameters(/*recurse=*/false).is_empty());
  CHECK(keys_of(net->named_buffers()) ==
        std::vector<std::string>{"scale", "body.0.steps", "body.2.steps", "head.steps"});
  CHECK(keys_of(net->named_buffers(false)) == std::vector<std::string>{"scale"});
  CHECK(net->buffers().size() == 4);
  CHECK(net->named_children().keys() == std::vector<std::string>{"body", "head"});
  CHECK(net->children().size() == 2);
  CHECK(net->named_modules().keys() ==
        std::vector<std::string>{"", "body", "body.0", "body.1", "body.2", "head"});
  CHECK(net->named_modules("net").keys() ==
        std::vector<std::string>{"net", "net.body", "net.body.0", "net.body.1", "net.body.2", "net.head"});
  CHECK(net->modules(/*include_self=*/false).size() == 5);
  CHECK(net->modules()[0].get() == net.get());
  CHECK(net->state_dict().keys() ==
        std::vector<std::string>{"scale", "body.0.weight", "body.0.bias", "body.0.steps", "body.2.weight",
                                 "body.2.bias", "body.2.steps", "head.weight", "head.bias", "head.steps"});
  // state_dict holds the live tensors
  CHECK(net->state_dict()["head.weight"].is_same(net->head->weight));
}

TEST_CASE("Module: parameters require grad as registered; undefined parameters are skipped") {
  struct M : nn::Module {
    M() {
      a = register_parameter("a", xgrad::ones({2}));
      b = register_parameter("b", xgrad::ones({2}), /*requires_grad=*/false);
      c = register_parameter("c", Tensor(), false);
      n = register_parameter("n", xgrad::ones({2}, xgrad::kLong), false);
    }
    Tensor a, b, c, n;
  } m;
  CHECK(m.a.requires_grad());
  CHECK_FALSE(m.b.requires_grad());
  CHECK(keys_of(m.named_parameters()) == std::vector<std::string>{"a", "b", "n"});
  CHECK_THROWS_WITH_AS(m.register_parameter("x", xgrad::ones({2}, xgrad::kLong)),
                       doctest::Contains("register_parameter: parameter 'x' has dtype Long"), xgrad::Error);
}

TEST_CASE("Module: name errors and duplicates") {
  struct M : nn::Module {
    M() : Module("test::M") {}
  } m;
  m.register_parameter("w", xgrad::ones({1}));
  m.register_buffer("buf", xgrad::ones({1}));
  m.register_module("child", Lin(1, 1));
  CHECK_THROWS_WITH_AS(m.register_parameter("w", xgrad::ones({1})),
                       doctest::Contains("register_parameter: parameter 'w' already defined in test::M"), xgrad::Error);
  CHECK_THROWS_WITH_AS(m.register_parameter("buf", xgrad::ones({1})),
                       doctest::Contains("register_parameter: 'buf' is already a buffer"), xgrad::Error);
  CHECK_THROWS_WITH_AS(m.register_buffer("buf", xgrad::ones({1})),
                       doctest::Contains("register_buffer: buffer 'buf' already defined"), xgrad::Error);
  CHECK_THROWS_WITH_AS(m.register_buffer("w", xgrad::ones({1})),
                       doctest::Contains("register_buffer: 'w' is already a parameter"), xgrad::Error);
  CHECK_THROWS_WITH_AS(m.register_module("child", Lin(1, 1)),
                       doctest::Contains("register_module: submodule 'child' already defined in test::M"),
                       xgrad::Error);
  CHECK_THROWS_WITH_AS(m.register_parameter("", xgrad::ones({1})),
                       doctest::Contains("register_parameter: parameter name must not be empty"), xgrad::Error);
  CHECK_THROWS_WITH_AS(m.register_buffer("a.b", xgrad::ones({1})),
                       doctest::Contains("register_buffer: buffer name must not contain a dot (got 'a.b')"),
                       xgrad::Error);
  CHECK_THROWS_WITH_AS(m.register_module("x.y", Lin(1, 1)),
                       doctest::Contains("register_module: submodule name must not contain a dot"), xgrad::Error);
  CHECK_THROWS_WITH_AS(m.register_module("null", std::shared_ptr<LinImpl>()),
                       doctest::Contains("register_module: submodule 'null' is null"), xgrad::Error);
  // nothing was added by the failed calls
  CHECK(keys_of(m.named_parameters()) == std::vector<std::string>{"w", "child.weight", "child.bias"});
}

TEST_CASE("Module: replace_module, unregister_module, as") {
  Net net;
  Lin replacement(4, 2);
  net->replace_module("head", replacement);
  CHECK(net->named_children()["head"].get() == replacement.get());
  CHECK_THROWS_WITH_AS(net->replace_module("tail", replacement),
                       doctest::Contains("replace_module: no submodule named 'tail'"), xgrad::Error);
  net->unregister_module("head");
  CHECK(net->named_children().keys() == std::vector<std::string>{"body"});
  CHECK_THROWS_WITH_AS(net->unregister_module("head"),
                       doctest::Contains("unregister_module: no submodule named 'head'"), xgrad::Error);

  std::shared_ptr<nn::Module> base = replacement.ptr();
  CHECK(base->as<Lin>() == replacement.get());
  CHECK(base->as<LinImpl>() == replacement.get());
  CHECK(base->as<NetImpl>() == nullptr);
  CHECK(base->as<nn::Sequential>() == nullptr);
}

TEST_CASE("Module: train and eval propagate") {
  Net net;
  CHECK(net->is_training());
  net->eval();
  for (const auto& m : net->modules()) CHECK_FALSE(m->is_training());
  net->body->train();
  CHECK_FALSE(net->is_training());
  CHECK(net->body[0]->is_training());
  CHECK_FALSE(net->head->is_training());
  net->train(true);
  for (const auto& m : net->modules()) CHECK(m->is_training());
}

TEST_CASE("Module: zero_grad sets to none or zeroes") {
  xgrad::manual_seed(0);
  Net net;
  net->forward(xgrad::randn({5, 3})).sum().backward();
  for (const auto& p : net->parameters()) CHECK(p.grad().defined());
  const Tensor old_grad = net->head->weight.grad();
  net->zero_grad(/*set_to_none=*/false);
  for (const auto& p : net->parameters()) {
    REQUIRE(p.grad().defined());
    CHECK(values(p.grad()) == V(static_cast<size_t>(p.numel()), 0.0));
  }
  CHECK(old_grad.is_same(net->head->weight.grad()) == false);  // detached before zeroing, as libtorch
  net->zero_grad();
  for (const auto& p : net->parameters()) CHECK_FALSE(p.grad().defined());
  net->zero_grad();  // nothing to clear: fine
}

TEST_CASE("Module: to(kDouble) keeps the same Tensor objects") {
  xgrad::manual_seed(1);
  Net net;
  net->forward(xgrad::randn({2, 3})).sum().backward();
  const std::vector<Tensor> before = net->parameters();
  const V weight_values = values(net->head->weight);
  const xgrad::TensorImpl* impl = net->head->weight.unsafeGetTensorImpl();
  net->to(xgrad::kDouble);
  const std::vector<Tensor> after = net->parameters();
  REQUIRE(after.size() == before.size());
  for (size_t i = 0; i < after.size(); ++i) {
    CHECK(after[i].is_same(before[i]));
    CHECK(dtype_of(before[i]) == "Double");
    CHECK(before[i].requires_grad());
    CHECK(before[i].is_leaf());
    CHECK(dtype_of(before[i].grad()) == "Double");
  }
  CHECK(net->head->weight.unsafeGetTensorImpl() == impl);
  CHECK(values(net->head->weight) == weight_values);
  CHECK(dtype_of(net->scale) == "Double");
  CHECK(dtype_of(net->head->steps) == "Long");  // integer buffers stay integral, as PyTorch
  // training continues in the new dtype
  net->zero_grad();
  net->forward(xgrad::randn({2, 3}, xgrad::kDouble)).sum().backward();
  CHECK(dtype_of(net->head->weight.grad()) == "Double");
  CHECK_THROWS_WITH_AS(net->to(xgrad::kLong), doctest::Contains("Module::to: only floating point dtypes"),
                       xgrad::Error);
}

TEST_CASE("Tensor::set_data swaps the data and keeps identity and autograd state") {
  Tensor w = xgrad::ones({2, 2}).requires_grad_();
  (w * 3).sum().backward();
  Tensor alias = w;
  w.set_data(xgrad::arange(6, xgrad::kDouble).view({2, 3}).t());  // non-contiguous, new dtype and shape
  CHECK(alias.is_same(w));
  CHECK(test_helpers::shape_str(w.sizes()) == "[3, 2]");
  CHECK_FALSE(w.is_contiguous());
  CHECK(values(w) == V{0, 3, 1, 4, 2, 5});
  CHECK(w.requires_grad());
  CHECK(values(w.grad()) == V{3, 3, 3, 3});
  CHECK_THROWS_WITH_AS(w.set_data(xgrad::ones({2}, xgrad::kLong)),
                       doctest::Contains("set_data: a tensor that requires grad cannot take data of dtype Long"),
                       xgrad::Error);
  CHECK_THROWS_WITH_AS(w.set_data(Tensor()), doctest::Contains("set_data: new_data is undefined"), xgrad::Error);
  Tensor plain = xgrad::zeros({1});
  plain.set_data(xgrad::ones({3}, xgrad::kLong));
  CHECK(dtype_of(plain) == "Long");
  CHECK(plain.numel() == 3);
}

TEST_CASE("Module: apply visits parents first, with dotted names") {
  Net net;
  std::vector<std::string> names;
  net->apply([&names](const std::string& name, nn::Module& module) { names.push_back(name + "=" + module.name()); });
  CHECK(names == std::vector<std::string>{"=(anonymous namespace)::NetImpl", "body=xgrad::nn::Sequential",
                                          "body.0=test::Lin", "body.1=xgrad::nn::Functional", "body.2=test::Lin",
                                          "head=test::Lin"});
  int count = 0;
  net->apply([&count](nn::Module&) { ++count; });
  CHECK(count == 6);
  const NetImpl& const_net = *net;
  count = 0;
  const_net.apply([&count](const nn::Module&) { ++count; });
  CHECK(count == 6);
  std::vector<std::string> pointer_names;
  net->apply([&pointer_names](const std::string& name, const std::shared_ptr<nn::Module>& module) {
    pointer_names.push_back(name);
    CHECK(module != nullptr);
  }, "root");
  CHECK(pointer_names.front() == "root");
  CHECK(pointer_names.back() == "root.head");
  count = 0;
  net->apply([&count](const std::shared_ptr<nn::Module>&) { ++count; });
  CHECK(count == 6);
}

TEST_CASE("Module: a stack-allocated module has no shared_ptr to give") {
  NetImpl stack_net;
  CHECK(stack_net.modules(/*include_self=*/false).size() == 5);
  CHECK_THROWS_WITH_AS(stack_net.modules(), doctest::Contains("std::make_shared<(anonymous namespace)::NetImpl>()"),
                       xgrad::Error);
}

TEST_CASE("ModuleHolder: shared impl, empty state, forwarding constructor, call operator") {
  Lin a(3, 2);
  Lin b = a;
  CHECK(a.get() == b.get());
  CHECK(a.ptr().use_count() >= 2);
  b->weight.data_ptr<float>()[0] = 42;
  CHECK(a->weight.data_ptr<float>()[0] == 42);
  CHECK(a->in == 3);
  CHECK((*a).out == 2);

  Lin empty{nullptr};
  CHECK(empty.is_empty());
  CHECK_FALSE(static_cast<bool>(empty));
  CHECK_THROWS_WITH_AS(empty.get(), doctest::Contains("ModuleHolder: accessing an empty"), xgrad::Error);
  CHECK_THROWS_WITH_AS(empty(xgrad::ones({1, 3})), doctest::Contains("ModuleHolder: accessing an empty"),
                       xgrad::Error);
  empty = a;
  CHECK(empty.get() == a.get());

  Lin from_ptr(std::make_shared<LinImpl>(1, 1));
  CHECK(from_ptr->in == 1);

  Net net;  // default-constructible contained type
  CHECK_FALSE(net.is_empty());
  const Tensor y = net(xgrad::ones({2, 3}));
  CHECK(test_helpers::shape_str(y.sizes()) == "[2, 2]");
  CHECK(test_helpers::values(a(xgrad::zeros({1, 3}))) == test_helpers::values(a->bias.view({1, 2})));
}

TEST_CASE("Cloneable: clone deep-copies parameters, buffers and submodules") {
  xgrad::manual_seed(3);
  Pair pair;
  pair->first->weight.data_ptr<float>()[0] = 7;
  pair->mean.fill_(2);
  pair->eval();
  auto copy = std::dynamic_pointer_cast<PairImpl>(pair->clone());
  REQUIRE(copy != nullptr);
  CHECK(copy.get() != pair.get());
  CHECK(copy->first.get() != pair->first.get());
  CHECK(copy->named_children()["first"].get() == copy->first.get());  // member and registration agree
  CHECK_FALSE(copy->first->weight.is_same(pair->first->weight));
  CHECK(values(copy->first->weight) == values(pair->first->weight));
  CHECK(values(copy->mean) == V{2, 2});
  CHECK(copy->first->weight.requires_grad());
  CHECK_FALSE(copy->is_training());
  // independent storage
  copy->first->weight.data_ptr<float>()[0] = -1;
  copy->mean.fill_(5);
  CHECK(pair->first->weight.data_ptr<float>()[0] == 7);
  CHECK(values(pair->mean) == V{2, 2});

  Net net;  // a plain Module cannot clone
  CHECK_THROWS_WITH_AS(net->clone(), doctest::Contains("Subclass xgrad::nn::Cloneable<"), xgrad::Error);
}

TEST_CASE("Module: pretty_print and operator<< print the tree as libtorch") {
  Net net;
  std::ostringstream out;
  out << *net;
  CHECK(out.str() ==
        "(anonymous namespace)::NetImpl(\n"
        "  (body): xgrad::nn::Sequential(\n"
        "    (0): test::Lin(in=3, out=4)\n"
        "    (1): xgrad::nn::Functional()\n"
        "    (2): test::Lin(in=4, out=4)\n"
        "  )\n"
        "  (head): test::Lin(in=4, out=2)\n"
        ")");
  std::ostringstream holder_out;
  holder_out << net->head;
  CHECK(holder_out.str() == "test::Lin(in=4, out=2)");
  struct Named : nn::Module {
    Named() : Module("my::Named") {}
  } named;
  std::ostringstream named_out;
  named_out << named;
  CHECK(named_out.str() == "my::Named");
}

TEST_CASE("Sequential: construction, push_back, indexing, forward") {
  xgrad::manual_seed(4);
  nn::Sequential seq(Lin(3, 4), nn::Functional(xgrad::relu));
  seq->push_back(Lin(4, 2));
  seq->push_back("out", nn::Functional(xgrad::leaky_relu, 0.5));
  seq->push_back(std::make_shared<LinImpl>(2, 2));
  CHECK(seq->size() == 5);
  CHECK_FALSE(seq->is_empty());
  CHECK(seq->named_children().keys() == std::vector<std::string>{"0", "1", "2", "out", "4"});
  CHECK(seq->at<LinImpl>(2).in == 4);
  CHECK(seq->ptr<LinImpl>(0)->out == 4);
  CHECK(seq[1]->name() == "xgrad::nn::Functional");
  CHECK(seq->ptr(3).get() == seq->named_children()["out"].get());
  CHECK_THROWS_WITH_AS(seq->at<NetImpl>(0), doctest::Contains("AnyModule::get: attempted to cast module of type"),
                       xgrad::Error);
  CHECK_THROWS_WITH_AS(seq->ptr(9), doctest::Contains("Sequential::ptr: index 9 is out of range for a Sequential of 5"),
                       xgrad::Error);

  const Tensor x = xgrad::randn({6, 3});
  Tensor expected = x;
  expected = seq->at<LinImpl>(0).forward(expected);
  expected = xgrad::relu(expected);
  expected = seq->at<LinImpl>(2).forward(expected);
  expected = xgrad::leaky_relu(expected, 0.5);
  expected = seq->at<LinImpl>(4).forward(expected);
  CHECK(values(seq->forward(x)) == values(expected));
  CHECK(values(seq(x)) == values(expected));
  CHECK(values(seq->forward<Tensor>(x)) == values(expected));

  size_t visited = 0;
  for (auto& module : *seq) {
    CHECK_FALSE(module.is_empty());
    ++visited;
  }
  CHECK(visited == 5);

  nn::Sequential named({{"fc", Lin(2, 2)}, {"act", nn::Functional(xgrad::relu)}});
  CHECK(named->named_children().keys() == std::vector<std::string>{"fc", "act"});
  nn::Sequential extended;
  extended->extend(*named);
  CHECK(extended->size() == 2);
  CHECK(extended[0].get() == named[0].get());
  CHECK_THROWS_WITH_AS(nn::Sequential()->forward(x),
                       doctest::Contains("Sequential::forward: cannot call forward() on an empty"), xgrad::Error);
  CHECK_THROWS_WITH_AS(seq->push_back("out", Lin(1, 1)), doctest::Contains("submodule 'out' already defined"),
                       xgrad::Error);
  CHECK(seq->size() == 5);  // the failed push_back added nothing

  // nested Sequentials chain and print
  nn::Sequential outer(seq, nn::Sequential(Lin(2, 1)));
  CHECK(test_helpers::shape_str(outer->forward(x).sizes()) == "[6, 1]");
  CHECK(keys_of(outer->named_parameters()).back() == "1.0.bias");
}

TEST_CASE("Sequential: clone keeps names and copies every module") {
  nn::Sequential seq({{"fc", Lin(2, 3)}, {"act", nn::Functional(xgrad::relu)}});
  auto copy = std::dynamic_pointer_cast<nn::SequentialImpl>(seq->clone());
  REQUIRE(copy != nullptr);
  CHECK(copy->named_children().keys() == std::vector<std::string>{"fc", "act"});
  CHECK(copy->ptr(0).get() != seq->ptr(0).get());
  CHECK(copy->named_children()["fc"].get() == copy->ptr(0).get());
  CHECK(values(copy->at<LinImpl>(0).weight) == values(seq->at<LinImpl>(0).weight));
  CHECK_FALSE(copy->at<LinImpl>(0).weight.is_same(seq->at<LinImpl>(0).weight));
  const Tensor x = xgrad::randn({2, 2});
  CHECK(values(copy->forward(x)) == values(seq->forward(x)));
}

TEST_CASE("ModuleList: push_back, indexing, iteration, insert, extend") {
  nn::ModuleList list(Lin(1, 2), Lin(2, 3));
  list->push_back(nn::Functional(xgrad::relu));
  CHECK(list->size() == 3);
  CHECK(list->at<LinImpl>(1).out == 3);
  CHECK(list[0]->name() == "test::Lin");
  CHECK(list->ptr<nn::FunctionalImpl>(2) != nullptr);
  CHECK_THROWS_WITH_AS(list->at<LinImpl>(2),
                       doctest::Contains("ModuleList: module 2 is a xgrad::nn::FunctionalImpl, not a (anonymous "
                                         "namespace)::LinImpl"),
                       xgrad::Error);
  CHECK_THROWS_WITH_AS(list->ptr(3), doctest::Contains("ModuleList::ptr: index 3 is out of range"), xgrad::Error);
  Lin inserted(9, 9);
  list->insert(1, inserted);
  CHECK(list->named_children().keys() == std::vector<std::string>{"0", "1", "2", "3"});
  CHECK(list->named_children()["1"].get() == inserted.get());
  CHECK(list->at<LinImpl>(2).out == 3);
  CHECK(list->named_children()["3"]->name() == "xgrad::nn::Functional");
  CHECK_THROWS_WITH_AS(list->insert(9, inserted), doctest::Contains("ModuleList::insert: index 9 is out of range"),
                       xgrad::Error);
  int count = 0;
  for (const auto& module : *list) count += module != nullptr;
  CHECK(count == 4);
  nn::ModuleList more;
  more->extend(*list);
  CHECK(more->size() == 4);
  CHECK(keys_of(more->named_parameters()).front() == "0.weight");
  auto copy = std::dynamic_pointer_cast<nn::ModuleListImpl>(list->clone());
  REQUIRE(copy != nullptr);
  CHECK(copy->size() == 4);
  CHECK(copy->ptr(1).get() != list->ptr(1).get());
  CHECK(copy->named_children()["1"].get() == copy->ptr(1).get());
  std::ostringstream out;
  out << *nn::ModuleList(Lin(1, 1));
  CHECK(out.str() == "xgrad::nn::ModuleList(\n  (0): test::Lin(in=1, out=1)\n)");
}

TEST_CASE("Functional: wraps a function, with bound extra arguments") {
  const Tensor x = xgrad::tensor({-2.0f, 0.5f});
  nn::Functional relu(xgrad::relu);
  check_close(relu(x), {0, 0.5});
  nn::Functional leaky(xgrad::leaky_relu, 0.2);
  check_close(leaky->forward(x), {-0.4, 0.5});
  nn::Functional lambda([](Tensor t) { return t * 2; });
  check_close(lambda(x), {-4, 1});
  CHECK_FALSE(relu->is_serializable());
  CHECK(relu->parameters().empty());
  std::ostringstream out;
  out << relu;
  CHECK(out.str() == "xgrad::nn::Functional()");
  CHECK_THROWS_WITH_AS(nn::Functional(nn::FunctionalImpl::Function{}),
                       doctest::Contains("Functional: the function is empty"), xgrad::Error);
}

TEST_CASE("Module: a submodule registered twice gives its parameters once (weight tying)") {
  struct Tied : nn::Module {
    Tied() {
      register_module("a", shared);
      register_module("b", shared);
    }
    nn::Linear shared{2, 2};
  };
  auto net = std::make_shared<Tied>();
  CHECK(net->named_parameters().size() == 4);  // both names, as the module tree has them
  CHECK(net->parameters().size() == 2);
  xgrad::optim::SGD sgd(net->parameters(), xgrad::optim::SGDOptions(0.1));  // no duplicate-parameter error
  CHECK(sgd.parameters().size() == 2);
}
