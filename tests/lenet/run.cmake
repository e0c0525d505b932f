# lenet_run: 2 short epochs on a synthetic folder (20 steps each). Checks the progress lines, the
# per-epoch test results, the per-class table and the confusion matrix against each other, the files
# in the output folder, and that the checkpoint holds the trained model (resuming from it with nothing
# left to train reports the same accuracy).
include(${CMAKE_CURRENT_LIST_DIR}/common.cmake)
make_data(data 640 200)
set(out ${WORK_DIR}/out)
run_lenet(0 --data ${WORK_DIR}/data --out ${out} --epochs 2 --batch-size 32 --flip 0 --lr 0.05 --lr-decay 0.5)
set(log "${LENET_OUT}")

# Progress: off a terminal, a line every 10% of the epoch (2 of 20 steps), the last with the time taken.
set(progress "epoch 1/2 \\[[= ]+\\] +[0-9]+/20  loss [0-9]+\\.[0-9]+  [0-9]+ samples/s")
string(REGEX MATCHALL "${progress}  ETA [0-9]+:[0-9][0-9]\n" progress_lines "${log}")
list(LENGTH progress_lines count)
if(NOT count EQUAL 9)
  message(FATAL_ERROR "expected 9 progress lines with an ETA in epoch 1, got ${count}:\n${log}")
endif()
expect_match("${log}" "epoch 1/2 \\[=+\\] 20/20  loss [0-9.]+  [0-9]+ samples/s  took [0-9]+:[0-9][0-9]\n"
             "end of epoch 1")

# The test results after each epoch; the synthetic images are easy, so 2 epochs must learn them.
expect_match("${log}" "epoch 1/2: test loss [0-9.]+, test accuracy [0-9.]+% \\(lr 0.05," "epoch 1 test line")
expect_match("${log}" "epoch 2/2: test loss [0-9.]+, test accuracy ([0-9.]+)% \\(lr 0.025," "epoch 2 test line")
set(accuracy ${CMAKE_MATCH_1})
if(accuracy LESS 90)
  message(FATAL_ERROR "test accuracy ${accuracy}% after 2 epochs on the synthetic data, expected >= 90%")
endif()
expect_match("${log}" "\ntest accuracy ${accuracy}% after 2 epochs" "final accuracy")

# Per-class table: every Fashion-MNIST name, 20 test images each.
set(names "T-shirt/top" Trouser Pullover Dress Coat Sandal Shirt Sneaker Bag "Ankle boot")
expect_match("${log}" "per-class test accuracy\n  label  name +accuracy  examples\n" "per-class header")
set(label 0)
foreach(name IN LISTS names)
  expect_match("${log}" "\n +${label}  ${name} +[0-9]+\\.[0-9][0-9]%  +20\n" "per-class row ${label}")
  math(EXPR label "${label} + 1")
endforeach()

# Confusion matrix: each row sums to the class's 20 images, and its diagonal gives the accuracy.
expect_match("${log}" "confusion matrix \\(rows: true label, columns: predicted label\\)\n( +[0-9])+\n"
             "confusion header")
set(diagonal 0)
set(label 0)
foreach(name IN LISTS names)
  expect_match("${log}" "\n +${label}  ${name}(( +[0-9]+)+)\n" "confusion row ${label}")
  string(STRIP "${CMAKE_MATCH_1}" row)
  string(REGEX REPLACE " +" ";" row "${row}")
  list(LENGTH row columns)
  set(sum 0)
  foreach(cell IN LISTS row)
    math(EXPR sum "${sum} + ${cell}")
  endforeach()
  list(GET row ${label} hits)
  math(EXPR diagonal "${diagonal} + ${hits}")
  if(NOT columns EQUAL 10 OR NOT sum EQUAL 20)
    message(FATAL_ERROR "confusion row ${label}: ${columns} columns summing to ${sum}, expected 10 summing to 20")
  endif()
  math(EXPR label "${label} + 1")
endforeach()
math(EXPR diagonal_percent_x100 "${diagonal} * 10000 / 200")
string(REPLACE "." "" accuracy_x100 "${accuracy}")
if(NOT diagonal_percent_x100 EQUAL accuracy_x100)
  message(FATAL_ERROR "confusion matrix diagonal ${diagonal}/200 disagrees with the accuracy ${accuracy}%")
endif()

# metrics.csv: a row per epoch, the lr decayed once, the training loss falling, the accuracy as printed.
file(STRINGS ${out}/metrics.csv rows)
list(LENGTH rows count)
list(GET rows 0 header)
if(NOT count EQUAL 3 OR NOT header STREQUAL "epoch,train_loss,test_loss,test_accuracy,lr,seconds")
  message(FATAL_ERROR "metrics.csv: expected the header and 2 rows, got:\n${rows}")
endif()
set(number "[0-9]+\\.[0-9]+")
list(GET rows 1 row1)
list(GET rows 2 row2)
expect_match("${row1}" "^1,(${number}),${number},${number},0.05,${number}$" "metrics.csv row 1")
set(loss1 ${CMAKE_MATCH_1})
expect_match("${row2}" "^2,(${number}),${number},(${number}),0.025,${number}$" "metrics.csv row 2")
if(NOT CMAKE_MATCH_1 LESS loss1)
  message(FATAL_ERROR "the training loss did not fall: ${loss1}, then ${CMAKE_MATCH_1}")
endif()
math(EXPR csv_accuracy_x100 "${diagonal} * 10000 / 200")
string(REGEX REPLACE "^0*([0-9])\\.([0-9]+)$" "\\1\\2" csv_accuracy "${CMAKE_MATCH_2}")
if(NOT csv_accuracy EQUAL csv_accuracy_x100)
  message(FATAL_ERROR "metrics.csv accuracy ${CMAKE_MATCH_2} disagrees with ${accuracy}%")
endif()

# curves.svg: a whole SVG document with the 3 curves (train loss, test loss, accuracy), 2 points each.
file(READ ${out}/curves.svg svg)
expect_match("${svg}" "^<svg xmlns=\"http://www.w3.org/2000/svg\"" "curves.svg start")
expect_match("${svg}" "</svg>\n$" "curves.svg end")
string(REGEX MATCHALL "<polyline [^>]*points=\"[0-9.]+,[0-9.]+ [0-9.]+,[0-9.]+\"/>" curves "${svg}")
string(REGEX MATCHALL "<circle " points "${svg}")
list(LENGTH curves curve_count)
list(LENGTH points point_count)
if(NOT curve_count EQUAL 3 OR NOT point_count EQUAL 6)
  message(FATAL_ERROR "curves.svg: ${curve_count} curves and ${point_count} points, expected 3 and 6")
endif()
foreach(label "train loss" "test loss" "test accuracy")
  expect_match("${svg}" ">${label}" "curves.svg label ${label}")
endforeach()

# The checkpoints are xgrad archives; the training one holds the trained model: resuming with every
# epoch done trains nothing and reports the same accuracy.
foreach(file checkpoint.ckpt model.ckpt)
  file(READ ${out}/${file} magic LIMIT 8 HEX)
  if(NOT magic STREQUAL "5847524144434b50")  # "XGRADCKP"
    message(FATAL_ERROR "${out}/${file} is not an xgrad checkpoint")
  endif()
endforeach()
run_lenet(0 --data ${WORK_DIR}/data --out ${WORK_DIR}/again --epochs 2 --resume ${out}/checkpoint.ckpt)
expect_match("${LENET_OUT}" "after epoch 2\nthe checkpoint has 2 epochs already; nothing to train\n"
             "resume with nothing to train")
expect_match("${LENET_OUT}" "\ntest accuracy ${accuracy}% after 2 epochs" "accuracy of the resumed model")
