#pragma once
// What the trainer reports: the per-epoch metrics (metrics.csv and curves.svg, an SVG drawn here as
// plain text), and the confusion matrix of the test set with the per-class accuracy.
#include <cstdint>
#include <ostream>
#include <string>
#include <vector>

#include <xgrad/xgrad.h>

/// One row of metrics.csv.
struct EpochMetrics {
  int64_t epoch = 0;  // 1-based
  double train_loss = 0;
  double test_loss = 0;
  double test_accuracy = 0;  // in [0, 1]
  double lr = 0;
  double seconds = 0;  // training and evaluation
};

/// Fashion-MNIST's class names, by label.
const std::vector<std::string>& fashion_mnist_classes();

/// Counts of (true class, predicted class) pairs.
class ConfusionMatrix {
 public:
  explicit ConfusionMatrix(int64_t classes);

  /// Adds a batch: logits [N, classes], targets [N] (kLong); the prediction is the largest logit.
  void add(const xgrad::Tensor& logits, const xgrad::Tensor& targets);

  int64_t classes() const { return classes_; }
  int64_t count(int64_t target, int64_t predicted) const { return counts_[target * classes_ + predicted]; }
  /// Examples of class target.
  int64_t support(int64_t target) const;
  int64_t total() const;
  double accuracy() const;
  /// The fraction of class target predicted right (0 when the class has no example).
  double class_accuracy(int64_t target) const;

 private:
  int64_t classes_;
  std::vector<int64_t> counts_;
};

/// A table: class, name, accuracy, examples.
void print_class_accuracy(std::ostream& out, const ConfusionMatrix& matrix, const std::vector<std::string>& names);
/// The matrix with a row per true class and a column per predicted class.
void print_confusion_matrix(std::ostream& out, const ConfusionMatrix& matrix, const std::vector<std::string>& names);

/// Writes epoch,train_loss,test_loss,test_accuracy,lr,seconds, one row per epoch.
void write_metrics_csv(const std::string& path, const std::vector<EpochMetrics>& history);
/// Two charts side by side: train and test loss, and test accuracy, by epoch.
void write_curves_svg(const std::string& path, const std::vector<EpochMetrics>& history);
