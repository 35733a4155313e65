# Runs the Python recipe's own transcript code (prepare_dataset and is_target_labels, cut out of
# run_speech_recognition_rnnt.py, which must be beside this script as recipe.py:
#   git -C <asr-rnnt checkout> show HEAD:run_speech_recognition_rnnt.py > recipe.py)
# on cases.json and prints [dataset, raw, cleaned after lower-casing, kept by is_target_labels] rows:
#   python3 make_gold.py cases.json > gold.json
import re, textwrap, json, sys
src = open('recipe.py').read().split('\n')
def block(start, end):
    a = next(i for i,l in enumerate(src) if start in l)
    b = next(i for i in range(a+1, len(src)) if end in src[i])
    return src[a:b]
tokens = textwrap.dedent('\n'.join(block('# Define tokens to ignore/replace', 'if training_args.do_train and data_args.max_train_samples')))
body = textwrap.dedent('\n'.join(block('# LibriSpeech ASR', '# We can\'t currently tokenize')))
body = body.replace('sampling_rate = sample["sampling_rate"]', 'sampling_rate = 16000').replace('batch["input_ids"] = sample["array"][:-offset]','pass').replace('batch["input_lengths"] = len(batch["input_ids"])','pass')
code = tokens + '\ndef norm(dataset_name, input_str):\n' + textwrap.indent(body, '    ') + '\n    return input_str\n'
code += '\ndef is_target_labels(input_str):\n    return input_str.lower() not in ignore_segments\n'
ns = {'re': re}
exec(code, ns)
cases = json.load(open(sys.argv[1]))
out = [[d, s, ns['norm'](d, s.lower()), ns['is_target_labels'](s)] for d, s in cases]
print(json.dumps(out, ensure_ascii=False, indent=0))
