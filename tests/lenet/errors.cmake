# lenet_errors: a bad command line exits with code 2, a missing or bad data folder or checkpoint with
# code 1, each with a message that names the problem (and no crash: a signal is not an exit code).
include(${CMAKE_CURRENT_LIST_DIR}/common.cmake)

run_lenet(0 --help)
expect_match("${LENET_OUT}" "^usage: lenet \\[options\\]\n" "--help")
expect_match("${LENET_OUT}" "--resume FILE" "--help lists --resume")
expect_match("${LENET_OUT}" "\n  --batch-size N +examples per step \\(default 64\\)\n" "--help gives the defaults")
if(NOT LENET_ERR STREQUAL "")
  message(FATAL_ERROR "--help wrote to stderr:\n${LENET_ERR}")
endif()
run_lenet(0 -h --bogus)  # help wins over the rest of the line
expect_match("${LENET_OUT}" "^usage: lenet \\[options\\]\n" "-h")

# Bad command lines fail before any data is read (so --data is left to its default), with exactly this
# line on stderr and exit code 2.
function(usage_error message)
  run_lenet(2 ${ARGN})
  if(NOT LENET_ERR STREQUAL "lenet: ${message} (see lenet --help)\n")
    string(REPLACE ";" " " command "${ARGN}")
    message(FATAL_ERROR "lenet ${command}: expected\nlenet: ${message} (see lenet --help)\ngot\n${LENET_ERR}")
  endif()
endfunction()
usage_error("unknown option '--bogus'" --bogus)
usage_error("unknown option '--bogus'" --bogus=3)
usage_error("unknown option '-x'" -x)
usage_error("unexpected argument 'extra'" extra)
usage_error("unexpected argument 'extra'" --epochs 2 extra)
usage_error("--epochs expects an integer >= 1, got 'abc'" --epochs abc)
usage_error("--epochs expects an integer >= 1, got '0'" --epochs=0)
usage_error("--epochs expects an integer >= 1, got '-3'" --epochs -3)  # a negative number is a value
usage_error("--epochs expects an integer >= 1, got '99999999999999999999'" --epochs 99999999999999999999)
usage_error("--epochs expects an integer >= 1, got ' 5'" "--epochs= 5")
usage_error("--epochs expects an integer >= 1, got '2x'" --epochs 3 --epochs 2x)  # each one is checked
usage_error("--batch-size expects an integer >= 1, got '12x'" --batch-size 12x)
usage_error("--batch-size expects an integer >= 1, got '-5'" --batch-size -5)
usage_error("--threads expects an integer in [0, 1024], got '-1'" --threads -1)
usage_error("--seed expects an integer >= 0, got '1.5'" --seed 1.5)
usage_error("--lr expects a number in [0, 10], got '-1'" --lr -1)
usage_error("--lr expects a number in [0, 10], got 'nan'" --lr nan)
usage_error("--lr expects a number in [0, 10], got 'inf'" --lr=inf)
usage_error("--lr expects a number in [0, 10], got '1e999'" --lr 1e999)
usage_error("--lr expects a number in [0, 10], got '0.1.'" --lr 0.1.)
usage_error("--momentum expects a number in [0, 1], got 'nan'" --momentum nan)
usage_error("--nesterov expects 0 or 1, got 'yes'" --nesterov yes)
# A missing value, and never the next option as the value.
usage_error("--lr needs a value" --lr)
usage_error("--out needs a value" --out=)
usage_error("--epochs needs a value" --epochs --out x)
usage_error("--data needs a value" --data --epochs 2)
usage_error("--resume needs a value" --resume --epochs 2)
# Errors come in the order given, an unknown argument first.
usage_error("--epochs expects an integer >= 1, got 'x'" --epochs x --lr y)
usage_error("unknown option '--bogus'" --epochs x --bogus)
usage_error("Nesterov momentum needs a momentum above 0: give --nesterov 0 with --momentum 0" --momentum 0)

# A wrapper passes the name the user typed (scripts/lenet.sh sets XGRAD_PROGRAM_NAME): the usage line,
# the hint and every other message name it.
set(ENV{XGRAD_PROGRAM_NAME} scripts/lenet.sh)
run_lenet(0 --help)
expect_match("${LENET_OUT}" "^usage: scripts/lenet.sh \\[options\\]\n" "--help under scripts/lenet.sh")
run_lenet(2 --epochs --out x)
if(NOT LENET_ERR STREQUAL "scripts/lenet.sh: --epochs needs a value (see scripts/lenet.sh --help)\n")
  message(FATAL_ERROR "the usage error under scripts/lenet.sh:\n${LENET_ERR}")
endif()
run_lenet(1 --data ${WORK_DIR}/nowhere --out ${WORK_DIR}/out)
expect_match("${LENET_ERR}" "^scripts/lenet.sh: data folder [^\n]*nowhere not found" "other errors under scripts/lenet.sh")
unset(ENV{XGRAD_PROGRAM_NAME})

# A data folder that is not there, or lacks a file: the message names it.
run_lenet(1 --data ${WORK_DIR}/nowhere --out ${WORK_DIR}/out)
expect_match("${LENET_ERR}" "^lenet: data folder [^\n]*nowhere not found" "missing data folder")
make_data(data 64 20)
file(REMOVE ${WORK_DIR}/data/t10k-labels-idx1-ubyte.gz)
run_lenet(1 --data ${WORK_DIR}/data --out ${WORK_DIR}/out)
expect_match("${LENET_ERR}" "^lenet: [^\n]*t10k-labels-idx1-ubyte" "missing labels file")

# Images of another size: named, before any layer complains.
make_data(wide 64 20 gz 32)
run_lenet(1 --data ${WORK_DIR}/wide --out ${WORK_DIR}/out)
expect_match("${LENET_ERR}" "^lenet: LeNet-5 here takes 28x28 images; the training images in [^\n]*wide are 32x32\n$"
             "32x32 images")

# Checkpoints: missing, not a checkpoint, a model-only file, and a recipe that disagrees with one.
make_data(small 64 20)
set(data --data ${WORK_DIR}/small --out ${WORK_DIR}/out --batch-size 32)
run_lenet(1 ${data} --resume ${WORK_DIR}/missing.ckpt)
expect_match("${LENET_ERR}" "^lenet: [^\n]*missing.ckpt" "missing checkpoint")
file(WRITE ${WORK_DIR}/garbage.ckpt "not a checkpoint")
run_lenet(1 ${data} --resume ${WORK_DIR}/garbage.ckpt)
expect_match("${LENET_ERR}" "^lenet: [^\n]*garbage.ckpt" "corrupt checkpoint")
run_lenet(0 ${data} --epochs 1)
run_lenet(1 ${data} --resume ${WORK_DIR}/out/model.ckpt)
expect_match("${LENET_ERR}" "^lenet: [^\n]*model.ckpt is not a LeNet training checkpoint" "model-only checkpoint")
run_lenet(0 ${data} --epochs 2 --lr 0.05 --resume ${WORK_DIR}/out/checkpoint.ckpt)
run_lenet(2 ${data} --epochs 3 --lr 0.1 --resume ${WORK_DIR}/out/checkpoint.ckpt)
expect_match("${LENET_ERR}" "^lenet: the recipe given differs from the checkpoint's \\(--batch-size 32 --lr 0.05 "
             "recipe mismatch")
