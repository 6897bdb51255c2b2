"""Writes a tiny llama-architecture GGUF with random weights (about 6 MB), for exercising llama-server end to end.

usage: PYTHONPATH=<llama.cpp>/gguf-py python3 make_tiny_model.py OUT.gguf [SEED]

Needs numpy and llama.cpp's own gguf package, imported from the PYTHONPATH the caller gives; nothing else of
llama.cpp. The model says nothing meaningful, but every token it can say is one whole ASCII word or character, so
each generated token arrives as one content chunk of its own: a client's per-token stamps can be compared with the
server's own timings token for token.
"""
import sys

import numpy as np
import gguf

out = sys.argv[1]
rng = np.random.default_rng(int(sys.argv[2]) if len(sys.argv) > 2 else 42)

words = ("the a of to and in is it you that he was for on are with as his they be at one have this from or had by"
         " word but what some we can out other were all there when up use your how said an each she which do their"
         " time if will way about many then them write would like so these her long make thing see him two has"
         " look more day could go come did number sound no most people my over know water than call first who may"
         " down side been now find any new work part take get place made live where after back little only round"
         " man year came show every good me give our under name very through just form sentence great think say"
         " help low line differ turn cause much mean before move right boy old too same tell does set three want"
         " air well also play small end put home read hand port large spell add even land here must big high such"
         " follow act why ask men change went light kind off need house picture try us again animal point mother"
         " world near build self earth father head stand own page should country found answer school grow study"
         " still learn plant cover food sun four between state keep eye never last let thought city tree cross"
         " farm hard start might story saw far sea draw left late run while press close night real life few north").split()
letters = list("abcdefghijklmnopqrstuvwxyz0123456789.,!?'-:;()")
tokens = ["<unk>", "<s>", "</s>"] + ["\u2581" + w for w in words] + ["\u2581"] + letters
tokens = list(dict.fromkeys(tokens))
types = [gguf.TokenType.UNKNOWN, gguf.TokenType.CONTROL, gguf.TokenType.CONTROL] \
    + [gguf.TokenType.NORMAL] * (len(tokens) - 3)
scores = [0.0, 0.0, 0.0] + [float(len(t)) for t in tokens[3:]]
# Byte fallback: what SPM tokenizes any other character (the template's newlines) into.
n_normal = len(tokens)
tokens += [f"<0x{b:02X}>" for b in range(256)]
types += [gguf.TokenType.BYTE] * 256
scores += [0.0] * 256

n_vocab, n_embd, n_ff, n_layer, n_head = len(tokens), 256, 512, 2, 4

w = gguf.GGUFWriter(out, "llama")
w.add_name("latency-lens tiny random llama")
w.add_context_length(4096)
w.add_embedding_length(n_embd)
w.add_block_count(n_layer)
w.add_feed_forward_length(n_ff)
w.add_head_count(n_head)
w.add_head_count_kv(n_head)
w.add_rope_dimension_count(n_embd // n_head)
w.add_layer_norm_rms_eps(1e-5)
w.add_vocab_size(n_vocab)
w.add_file_type(gguf.LlamaFileType.ALL_F32)
w.add_tokenizer_model("llama")
w.add_token_list(tokens)
w.add_token_scores(scores)
w.add_token_types(types)
w.add_unk_token_id(0)
w.add_bos_token_id(1)
w.add_eos_token_id(2)
w.add_add_bos_token(True)
w.add_chat_template("{% for m in messages %}{{ m['role'] }}: {{ m['content'] }}\n{% endfor %}assistant:")


def tensor(name, *shape, scale=0.05):
    w.add_tensor(name, (rng.standard_normal(shape) * scale).astype(np.float32))


# Dimension 0 carries a large constant through the residual stream, and the output rows of the special and byte
# tokens weigh it strongly negative: the model only ever says whole ASCII words and letters, one per token.
embd = rng.standard_normal((n_vocab, n_embd)).astype(np.float32)
embd[:, 0] = 10.0
w.add_tensor("token_embd.weight", embd)
w.add_tensor("output_norm.weight", np.ones(n_embd, dtype=np.float32))
out_w = (rng.standard_normal((n_vocab, n_embd)) * 0.05).astype(np.float32)
out_w[:, 0] = 0.0
out_w[:3, 0] = -10.0
out_w[n_normal:, 0] = -10.0
w.add_tensor("output.weight", out_w)
for i in range(n_layer):
    w.add_tensor(f"blk.{i}.attn_norm.weight", np.ones(n_embd, dtype=np.float32))
    w.add_tensor(f"blk.{i}.ffn_norm.weight", np.ones(n_embd, dtype=np.float32))
    for part in ("q", "k", "v", "output"):
        tensor(f"blk.{i}.attn_{part}.weight", n_embd, n_embd)
    tensor(f"blk.{i}.ffn_gate.weight", n_ff, n_embd)
    tensor(f"blk.{i}.ffn_up.weight", n_ff, n_embd)
    tensor(f"blk.{i}.ffn_down.weight", n_embd, n_ff)

w.write_header_to_file()
w.write_kv_data_to_file()
w.write_tensors_to_file()
w.close()
