"""Fills translations that are still unfinished in translations/*.ts from the tables
below (source text -> translation). Run after lupdate when new strings arrive; strings
without an entry stay unfinished and show in English."""
import sys
import xml.etree.ElementTree as ET

TABLES = {
    "ja": {
        "PruneScope": "PruneScope",
        "&File": "ファイル(&F)",
        "&Open Checkpoint…": "チェックポイントを開く(&O)…",
        "Open a Hugging Face checkpoint folder (config.json + model.safetensors)":
            "Hugging Face のチェックポイントフォルダー (config.json + model.safetensors) を開きます",
        "&Quit": "終了(&Q)",
        "Ready": "準備完了",
        "Opened %1": "%1 を開きました",
        "Cannot open the checkpoint:\n%1": "チェックポイントを開けません:\n%1",
        "Open Checkpoint": "チェックポイントを開く",
        "Open Checkpoint Folder": "チェックポイントフォルダーを開く",
        "Property": "項目",
        "Value": "値",
        "The structure of the open checkpoint: the units that can be pruned":
            "開いているチェックポイントの構造: 枝刈りできる単位",
        "No model open. Use File → Open Checkpoint.": "モデルが開かれていません。ファイル → チェックポイントを開く を使ってください。",
        "<b>%1</b><br>%2": "<b>%1</b><br>%2",
        "Model": "モデル",
        "Family": "ファミリー",
        "Architecture": "アーキテクチャ",
        "Parameters": "パラメーター",
        "%1 in %2 tensors": "%1 (%2 テンソル)",
        "On disk": "ディスク上",
        "%1B in %n file(s)": "%1B (%n ファイル)",
        "Stored as %1": "%1 で保存",
        "Tower: %1": "タワー: %1",
        "Layers": "層",
        "Hidden size": "隠れ層の次元",
        "Heads per layer": "層あたりのヘッド",
        "%1 of size %2": "%1 個 (次元 %2)",
        "FFN neurons per layer": "層あたりの FFN ニューロン",
        "Activation": "活性化関数",
        "Prunable units": "枝刈りできる単位",
        "Heads": "ヘッド",
        "FFN neurons": "FFN ニューロン",
        "Weights": "重み",
        "Interactive pruning analysis of transformer models": "Transformer モデルの対話的な枝刈り分析",
        "<b>PruneScope %1</b><p>Interactive pruning analysis of transfo"
        "rmer models: importance scores, masks, attribution and sweeps for %2 checkpoints.</p>":
            "<b>PruneScope %1</b><p>Transformer モデルの対話的な枝刈り分析: %2 のチェックポイントの重要度スコア、マスク、"
            "アトリビューション、スイープ。</p>",
        "%1 (%2)": "%1 (%2)",
        "Input": "入力",
        "%1 \u00d7 %1 images in %2 \u00d7 %2 patches (%3 + 1 tokens)": "%1 × %1 の画像、%2 × %2 のパッチ (%3 + 1 トークン)",
        "Checkpoint folder to open.": "開くチェックポイントフォルダー。",
        "DIR": "フォルダー",
        "Exit once the model is shown (for checks).": "モデルを表示したら終了します (確認用)。",
        "Render the window into a PNG file and exit.": "ウィンドウを PNG ファイルに描画して終了します。",
        "FILE": "ファイル",
        # The image demo study (File menu and its reset).
        "Open &Image Demo Study": "画像デモスタディを開く(&I)",
        "Your copy of the built-in image demo study, with what you added to it: the demo ViT on 500 Fashion-MNIST "
        "test images with scores, head and neuron masks, head and neuron sweeps, Grad-CAM and SmoothGrad patch maps "
        "drawn over the images, and a comparison":
            "組み込み画像デモスタディのあなたのコピー (追加したものを含む): Fashion-MNIST のテスト画像 500 枚で動くデモ ViT と、"
            "スコア、ヘッドとニューロンのマスク、ヘッドとニューロンのスイープ、画像に重ねて描いた Grad-CAM と SmoothGrad "
            "のパッチマップ、比較",
        "Reset Image Demo Study…": "画像デモスタディをリセット…",
        "Replace your copy of the image demo study by a fresh one, deleting what you added to it":
            "画像デモスタディのコピーを新しいものに置き換えます。追加したものは削除されます",
        "Reset Image Demo Study": "画像デモスタディをリセット",
        "Replace your copy of the image demo study (%1) by a fresh one? What you added to it, such as scores, masks, "
        "exports and trained models inside it, is deleted.":
            "画像デモスタディのコピー (%1) を新しいものに置き換えますか? その中に追加したスコア、マスク、エクスポート、"
            "学習済みモデルなどは削除されます。",
        "The image demo study is as it shipped": "画像デモスタディは出荷時の状態に戻りました",
        "blocks":
            "ブロック",
        "Language-model text: a window of the maximum length every this many tokens, each token predicted once with up to that much context before it; blocks: windows that do not overlap":
            "言語モデルのテキスト: このトークン数ごとに最大長のウィンドウを取り、各トークンをその前の最大長までの文脈で一度だけ予測します。ブロック: 重ならないウィンドウ",
        "Stride:":
            "ストライド:",
        "Query heads":
            "クエリヘッド",
        "Key-value groups":
            "キー・バリューグループ",
        "Grouped-query attention: each query head, drawn under the key-value head it shares, or one column per key-value group (its heads' scores summed)":
            "グループ化クエリアテンション: 共有するキー・バリューヘッドの下に描いた各クエリヘッド、またはキー・バリューグループごとに 1 列（そのヘッドのスコアの合計）",
        "query head (lines between key-value groups)":
            "クエリヘッド（線はキー・バリューグループの境界）",
        "key-value group":
            "キー・バリューグループ",
        "What is pruned: heads, key-value groups (a key-value head with its query heads), FFN neurons, single weights, whole blocks, or N:M patterns":
            "枝刈りの対象: ヘッド、キー・バリューグループ（キー・バリューヘッドとそのクエリヘッド）、FFN ニューロン、個々の重み、ブロック全体、または N:M パターン",
        "mask": "マスク",
        "%1 mask": "%1 マスク",
        "%1 from %2 scores": "%1 (%2 スコアから)",
        "%1, %2 % pruned": "%1、%2 % 枝刈り",
        "%1 scores": "%1 スコア",
        "%1 lowers the target": "%1 ターゲットを下げる",
        "%1 raises it": "%1 上げる",
        "The colour scale of this example: each token or patch coloured by its attribution relative to the largest of the example":
            "この例の色の目盛り: 各トークンやパッチを、例の中で最大の値に対する帰属の大きさで色付けします",
        # Titles, the training log, groups in the comparison, job outputs, export bars, tour, presentation.
        "Items:":
            "項目:",
        "The items the matrix shows: those the metric compares, grouped; one group; or all":
            "行列に表示する項目: 指標で比べられるものをグループごとに、一つのグループ、またはすべて",
        "Compared, grouped":
            "比較できるもの (グループ順)",
        "All items":
            "すべての項目",
        "score maps":
            "スコアマップ",
        "head masks":
            "ヘッドマスク",
        "neuron masks":
            "ニューロンマスク",
        "masks":
            "マスク",
        "%1 (%n)":
            "%1 (%n)",
        "%1 of %n item(s), %2":
            "%n 項目の %1、%2",
        "%1 against %2 sparsity":
            "%2 スパース性に対する %1",
        ", %1 scope":
            "、範囲 %1",
        "%1: %2":
            "%1: %2",
        "%1 (mean of %2 draws, range shaded)":
            "%1 (%2 回の抽選の平均、範囲を網掛け)",
        "Where the masks prune: the share of weights by layer":
            "マスクが枝刈りする場所: 層ごとの重みの割合",
        "Where the masks prune: the share of weights by component":
            "マスクが枝刈りする場所: 構成要素ごとの重みの割合",
        "learning rate":
            "学習率",
        "step":
            "ステップ",
        "Training log of %1 (%2)":
            "%1 の学習ログ (%2)",
        "Recipe: %1":
            "設定: %1",
        "sparsity the schedule asks for":
            "スケジュールが求めるスパース性",
        "Train the study's model (Analysis → Train) to follow the run here; the training log of the study's model shows here when it has one.":
            "スタディのモデルを学習すると (分析 → 学習)、その経過をここで追えます。スタディのモデルに学習ログがあれば、ここに表示します。",
        "The study's model has no training log (%1), so the Training view is not shown.":
            "スタディのモデルには学習ログ (%1) がないため、学習ビューは表示しません。",
        "Loading the training log":
            "学習ログを読み込み中",
        "Show":
            "表示",
        "Open Folder":
            "フォルダーを開く",
        "Show what this job made":
            "このジョブが作ったものを表示します",
        "share of the source kept":
            "元のモデルから残る割合",
        "Size after export, by layer":
            "エクスポート後の大きさ (層ごと)",
        "FFN neurons the mask keeps":
            "マスクが残す FFN ニューロン",
        "FFN width in the export":
            "エクスポートの FFN の幅",
        "heads the mask keeps":
            "マスクが残すヘッド",
        "heads in the export":
            "エクスポートのヘッド",
        "layer":
            "層",
        "Back":
            "戻る",
        "Next":
            "次へ",
        "Finish":
            "終了",
        "Close":
            "閉じる",
        "<b>Step %1 of %2</b><br>%3":
            "<b>ステップ %1 / %2</b><br>%3",
        "A head map: one row for each layer, one cell for each attention head, coloured by how important the head is to the model's answers (Taylor scores here). Rest the pointer on a cell to read its value.":
            "ヘッドマップ: 層ごとに 1 行、アテンションヘッドごとに 1 マスで、ヘッドがモデルの答えにどれだけ重要かで色付けしています (ここでは Taylor スコア)。マスにポインターを置くと値が読めます。",
        "Scoring a method: Analysis → Score runs one of the methods on the study's data; every result joins this list, where a click shows it in the maps.":
            "手法でスコアを付ける: 分析 → スコア でスタディのデータに手法を実行します。結果はすべてこの一覧に加わり、クリックするとマップに表示します。",
        "Building a mask: Analysis → Mask keeps the highest-scoring units; this one prunes half of the heads (the dark cells). Edit Mask lets you toggle cells by hand.":
            "マスクを作る: 分析 → マスク はスコアの高い単位を残します。このマスクはヘッドの半分 (暗いマス) を枝刈りします。マスクを編集 で手でマスを切り替えられます。",
        "Comparing masks: the matrix gives a metric for every pair of masks or score maps; click a cell to see that pair layer by layer and where the two agree.":
            "マスクを比べる: 行列はマスクやスコアマップのすべての組の指標を示します。マスをクリックすると、その組を層ごとに、二つが一致する場所とともに表示します。",
        "Evaluating: F5 measures the pruned model on the study's data, and a sweep does it for every method across sparsities; the shaded band is the spread of random masks, the noise a method must beat.":
            "評価する: F5 で枝刈りしたモデルをスタディのデータで測ります。スイープはすべての手法についてスパース性を変えて測ります。網掛けの帯はランダムなマスクのばらつきで、手法が上回るべき雑音です。",
        "Exporting: Analysis → Mask Profiles shows where each mask prunes, and Analysis → Export Model writes the pruned model as a smaller checkpoint, its sizes shown layer by layer before it is written.":
            "エクスポートする: 分析 → マスクプロファイル で各マスクがどこを枝刈りするかを示し、分析 → モデルをエクスポート で枝刈りしたモデルを小さなチェックポイントとして書き出します。書き出す前に大きさを層ごとに表示します。",
        "&Presentation Mode":
            "プレゼンテーションモード(&P)",
        "Larger text and thicker lines, for a projector":
            "プロジェクター向けに、文字を大きく、線を太くします",
        "Guided &Tour":
            "ガイドツアー(&T)",
        "Options\u2026":
            "オプション\u2026",
        "The options of the selected method, as its declaration offers them":
            "選択した手法のオプション (その宣言が提供するもの)",
        "The share of the study's sample set apart by a seeded shuffle and evaluated on; the methods score on the rest":
            "シード付きシャッフルでスタディのサンプルから取り分けて評価に使う割合。手法は残りでスコアを計算します",
        "Held out for evaluation:":
            "評価用に取り分ける割合:",
        "Every method with its default options":
            "すべての手法を既定のオプションで実行",
        "A new classification head for the classes of the study's data":
            "スタディのデータのクラスに合わせた新しい分類ヘッド",
        "For labels the model was not trained on: its classifier's output layer starts afresh, one output for each label in the data, and the checkpoint names them":
            "モデルが学習していないラベル用: 分類器の出力層を新しく初期化し、データのラベルごとに一つの出力を持たせ、チェックポイントにその名前を記録します",
        "Smooth-Cut &Noise Scan…":
            "Smooth-Cut ノイズ走査(&N)…",
        "How Smooth-Cut's ranking departs from Taylor's as its noise grows: rank correlation and one-shot accuracy against sigma":
            "ノイズが大きくなるにつれて Smooth-Cut の順位が Taylor からどれだけ離れるか: σ に対する順位相関とワンショット精度",
        "Noise Scans":
            "ノイズ走査",
        "Smooth-Cut noise scan":
            "Smooth-Cut ノイズ走査",
        "Smooth-Cut Noise Scan":
            "Smooth-Cut ノイズ走査",
        "A share of each noisy tensor's own spread":
            "各ノイズ付きテンソル自身の標準偏差に対する比",
        "Smooth-Cut Options…":
            "Smooth-Cut のオプション…",
        "The noise levels scanned, comma-separated, each above 0 (DeepCuts uses 1e-3)":
            "走査するノイズの大きさ (カンマ区切り、それぞれ 0 より大きい。DeepCuts は 1e-3)",
        "Read sigma as a share of the standard deviation of each tensor the noise is added to, rather than as an absolute level":
            "σ を絶対値ではなく、ノイズを加える各テンソルの標準偏差に対する比として扱います",
        "The one-shot weight sparsities evaluated at each sigma, between 0 and 1":
            "各 σ で評価するワンショットの重みスパース率 (0 から 1)",
        "tensor: the same fraction of every matrix, as DeepCuts prunes; global: one threshold over the whole model":
            "tensor: DeepCuts と同じく各行列から同じ割合; global: モデル全体で 1 つのしきい値",
        "Smooth-Cut's options other than the noise level: its passes, where the noise goes":
            "ノイズの大きさ以外の Smooth-Cut のオプション: パス数、ノイズを加える場所",
        "Sigmas:":
            "σ の値:",
        "Smooth-Cut's default options":
            "Smooth-Cut の既定のオプション",
        "Smooth-Cut's noise sigma":
            "Smooth-Cut のノイズ σ",
        "Smooth-Cut against Taylor as the noise grows (%1 after one-shot weight pruning)":
            "ノイズの増加に伴う Smooth-Cut と Taylor の比較 (ワンショット重み枝刈り後の %1)",
        "Smooth-Cut's noise sigma (share of each tensor's spread)":
            "Smooth-Cut のノイズ σ (各テンソルの標準偏差に対する比)",
        "Spearman with Taylor":
            "Taylor との Spearman 相関",
        "Smooth-Cut at %1 %":
            "Smooth-Cut (%1 %)",
        "Taylor at %1 %":
            "Taylor (%1 %)",
        "magnitude at %1 %":
            "大きさ (%1 %)",
        "Spearman with Taylor (right axis)":
            "Taylor との Spearman 相関 (右軸)",
        "<p>A <b>noise scan</b> (Analysis → Smooth-Cut Noise Scan) is drawn here too, against Smooth-Cut's noise sigma on a log scale: the metric after one-shot weight pruning at each sparsity, Taylor's (dashed) and magnitude's (dotted) masks at the same sparsity as levels, and on the right axis how closely Smooth-Cut ranks the weights as Taylor does. Where the rank correlation is 1, Smooth-Cut is Taylor under another name.</p>":
            "<p><b>ノイズ走査</b> (分析 → Smooth-Cut ノイズ走査) もここに描かれます。横軸は Smooth-Cut のノイズ σ (対数目盛) で、各スパース率でのワンショット重み枝刈り後の指標、同じスパース率での Taylor (破線) と大きさ (点線) のマスクの値、そして右軸に Smooth-Cut の重みの順位が Taylor とどれだけ一致するかを示します。順位相関が 1 のところでは、Smooth-Cut は名前が違うだけの Taylor です。</p>",
        "Sparsities:":
            "スパース率:",
        "Scope:":
            "範囲:",
        'shrunk: pruned FFN neurons removed, pruned heads zeroed, loads in stock transformers; zeros: original shapes; masks: the mask file and its description only; onnx: an ONNX model with every pruned head and neuron removed, for the largest speed-up':
            'shrunk: 剪枝した FFN ニューロンを削除し、剪枝したヘッドはゼロにします。標準の transformers で読み込めます。zeros: 元の形のまま。masks: マスクファイルとその説明のみ。onnx: 剪枝したヘッドとニューロンをすべて取り除いた ONNX モデルで、最も速くなります',
        "The precision of the ONNX model's weights and arithmetic":
            'ONNX モデルの重みと演算の精度',
        'Measure dense and pruned speed in ONNX Runtime':
            'ONNX Runtime で密なモデルと剪枝したモデルの速度を測る',
        'Times the dense model and the export in ONNX Runtime on this machine, batch 1 and 32 of 128 tokens, the median of 10 runs with the fastest and slowest':
            'このマシンの ONNX Runtime で密なモデルとエクスポートを計時します。128 トークンのバッチ 1 と 32、10 回の中央値と最速・最遅',
        'ONNX precision:':
            'ONNX の精度：',
        'Exported to %1':
            '%1 にエクスポートしました',
        # Measuring an export on the GPU or on this machine's CPU (export dialog).
        "Measure dense and pruned speed on the GPU (%1)": "GPU (%1) で密モデルと枝刈り後のモデルの速度を測定",
        "Times the dense model and the pruned one in PruneScope's runtime on %1, each pass replayed as a CUDA graph, "
        "batch 1 and 32 of 128 tokens, the median of 10 runs with the fastest and slowest, in the measuring precision":
            "%1 上の PruneScope のランタイムで密モデルと枝刈り後のモデルを計時します。各パスは CUDA グラフとして再生し、"
            "128 トークンでバッチ 1 と 32、10 回の実行の中央値と最速・最遅を、測定精度で求めます",
        "Times the dense model and the export in ONNX Runtime on this machine's CPU, batch 1 and 32 of 128 tokens, "
        "the median of 10 runs with the fastest and slowest":
            "このマシンの CPU 上の ONNX Runtime で密モデルとエクスポートを計時します: 128 トークンでバッチ 1 と 32、"
            "10 回の実行の中央値と最速・最遅",
        "The precision the GPU measures both models in (bfloat16 is what tensor cores run fastest); the export "
        "itself keeps the ONNX precision":
            "GPU が両モデルを測定する精度 (テンソルコアが最も速く実行するのは bfloat16)。エクスポート自体は ONNX の精度のままです",
        "Measure in:": "測定精度:",
        # The precisions (settings dialog).
        "float32, products split on a GPU's tensor cores (tf32x3)":
            "float32、積を GPU のテンソルコアで分割 (tf32x3)",
        "The precision of forward passes when scoring; comparisons with references always use float32. tf32x3 "
        "splits each linear layer's float32 product in three on the TF32 tensor cores of a GPU of compute "
        "capability 8.0 or later: faster than float32 and a little less exact":
            "スコア計算時の順伝播の精度。参照との比較には常に float32 を使います。tf32x3 は各線形層の float32 の積を、"
            "計算能力 8.0 以降の GPU の TF32 テンソルコアで 3 つの積に分けて計算します: float32 より速く、精度はわずかに下がります",
    },
    "zh_CN": {
        "PruneScope": "PruneScope",
        "&File": "文件(&F)",
        "&Open Checkpoint…": "打开检查点(&O)…",
        "Open a Hugging Face checkpoint folder (config.json + model.safetensors)":
            "打开 Hugging Face 检查点文件夹 (config.json + model.safetensors)",
        "&Quit": "退出(&Q)",
        "Ready": "就绪",
        "Opened %1": "已打开 %1",
        "Cannot open the checkpoint:\n%1": "无法打开检查点:\n%1",
        "Open Checkpoint": "打开检查点",
        "Open Checkpoint Folder": "打开检查点文件夹",
        "Property": "属性",
        "Value": "值",
        "The structure of the open checkpoint: the units that can be pruned": "已打开检查点的结构: 可剪枝的单元",
        "No model open. Use File → Open Checkpoint.": "未打开模型。请使用 文件 → 打开检查点。",
        "<b>%1</b><br>%2": "<b>%1</b><br>%2",
        "Model": "模型",
        "Family": "模型族",
        "Architecture": "架构",
        "Parameters": "参数",
        "%1 in %2 tensors": "%1 (%2 个张量)",
        "On disk": "磁盘占用",
        "%1B in %n file(s)": "%1B (%n 个文件)",
        "Stored as %1": "以 %1 存储",
        "Tower: %1": "塔: %1",
        "Layers": "层数",
        "Hidden size": "隐藏维度",
        "Heads per layer": "每层注意力头",
        "%1 of size %2": "%1 个 (维度 %2)",
        "FFN neurons per layer": "每层 FFN 神经元",
        "Activation": "激活函数",
        "Prunable units": "可剪枝单元",
        "Heads": "注意力头",
        "FFN neurons": "FFN 神经元",
        "Weights": "权重",
        "Interactive pruning analysis of transformer models": "Transformer 模型的交互式剪枝分析",
        "<b>PruneScope %1</b><p>Interactive pruning analysis of transfo"
        "rmer models: importance scores, masks, attribution and sweeps for %2 checkpoints.</p>":
            "<b>PruneScope %1</b><p>Transformer 模型的交互式剪枝分析：%2 检查点的重要性分数、掩码、归因与扫描。</p>",
        "%1 (%2)": "%1（%2）",
        "Input": "输入",
        "%1 \u00d7 %1 images in %2 \u00d7 %2 patches (%3 + 1 tokens)": "%1 × %1 图像，%2 × %2 图块（%3 + 1 个词元）",
        "Checkpoint folder to open.": "要打开的检查点文件夹。",
        "DIR": "文件夹",
        "Exit once the model is shown (for checks).": "显示模型后退出 (用于检查)。",
        "Render the window into a PNG file and exit.": "将窗口渲染为 PNG 文件后退出。",
        "FILE": "文件",
        # The image demo study (File menu and its reset).
        "Open &Image Demo Study": "打开图像演示研究(&I)",
        "Your copy of the built-in image demo study, with what you added to it: the demo ViT on 500 Fashion-MNIST "
        "test images with scores, head and neuron masks, head and neuron sweeps, Grad-CAM and SmoothGrad patch maps "
        "drawn over the images, and a comparison":
            "内置图像演示研究的您的副本（含您添加的内容）：基于 500 张 Fashion-MNIST 测试图像的演示 ViT，以及分数、"
            "注意力头与神经元掩码、注意力头与神经元扫描、叠加在图像上的 Grad-CAM 与 SmoothGrad 图像块热图和比较",
        "Reset Image Demo Study…": "重置图像演示研究…",
        "Replace your copy of the image demo study by a fresh one, deleting what you added to it":
            "用全新的副本替换您的图像演示研究副本，并删除您添加的内容",
        "Reset Image Demo Study": "重置图像演示研究",
        "Replace your copy of the image demo study (%1) by a fresh one? What you added to it, such as scores, masks, "
        "exports and trained models inside it, is deleted.":
            "要用全新的副本替换您的图像演示研究副本（%1）吗？您在其中添加的内容（如分数、掩码、导出和训练的模型）将被删除。",
        "The image demo study is as it shipped": "图像演示研究已恢复为发布时的状态",
        "blocks":
            "块",
        "Language-model text: a window of the maximum length every this many tokens, each token predicted once with up to that much context before it; blocks: windows that do not overlap":
            "语言模型文本：每隔这么多个词元取一个最大长度的窗口，每个词元只预测一次，前面最多有最大长度的上下文；块：互不重叠的窗口",
        "Stride:":
            "步长：",
        "Query heads":
            "查询头",
        "Key-value groups":
            "键值组",
        "Grouped-query attention: each query head, drawn under the key-value head it shares, or one column per key-value group (its heads' scores summed)":
            "分组查询注意力：每个查询头画在它共享的键值头之下，或每个键值组一列（其各头分数之和）",
        "query head (lines between key-value groups)":
            "查询头（线条分隔键值组）",
        "key-value group":
            "键值组",
        "What is pruned: heads, key-value groups (a key-value head with its query heads), FFN neurons, single weights, whole blocks, or N:M patterns":
            "剪枝对象：注意力头、键值组（一个键值头及其查询头）、FFN 神经元、单个权重、整块，或 N:M 模式",
        "mask": "掩码",
        "%1 mask": "%1 掩码",
        "%1 from %2 scores": "%1（来自 %2 分数）",
        "%1, %2 % pruned": "%1，已剪枝 %2 %",
        "%1 scores": "%1 分数",
        "%1 lowers the target": "%1 降低目标",
        "%1 raises it": "%1 提高目标",
        "The colour scale of this example: each token or patch coloured by its attribution relative to the largest of the example":
            "此示例的颜色刻度：每个词元或图块按其归因相对于该示例最大值着色",
        # Titles, the training log, groups in the comparison, job outputs, export bars, tour, presentation.
        "Items:":
            "项目：",
        "The items the matrix shows: those the metric compares, grouped; one group; or all":
            "矩阵显示的项目：该指标可比较的项目（按组排列）、某一组，或全部",
        "Compared, grouped":
            "可比较的项目（按组）",
        "All items":
            "全部项目",
        "score maps":
            "评分图",
        "head masks":
            "注意力头掩码",
        "neuron masks":
            "神经元掩码",
        "masks":
            "掩码",
        "%1 (%n)":
            "%1（%n）",
        "%1 of %n item(s), %2":
            "%n 个项目的 %1，%2",
        "%1 against %2 sparsity":
            "%1 随 %2 稀疏度的变化",
        ", %1 scope":
            "，范围 %1",
        "%1: %2":
            "%1：%2",
        "%1 (mean of %2 draws, range shaded)":
            "%1（%2 次抽取的平均值，阴影为范围）",
        "Where the masks prune: the share of weights by layer":
            "掩码剪枝的位置：按层的权重比例",
        "Where the masks prune: the share of weights by component":
            "掩码剪枝的位置：按组件的权重比例",
        "learning rate":
            "学习率",
        "step":
            "步",
        "Training log of %1 (%2)":
            "%1 的训练日志（%2）",
        "Recipe: %1":
            "训练设置：%1",
        "sparsity the schedule asks for":
            "计划要求的稀疏度",
        "Train the study's model (Analysis → Train) to follow the run here; the training log of the study's model shows here when it has one.":
            "训练研究的模型（分析 → 训练）即可在此跟踪训练过程；研究的模型若有训练日志，也会显示在这里。",
        "The study's model has no training log (%1), so the Training view is not shown.":
            "研究的模型没有训练日志（%1），因此不显示训练视图。",
        "Loading the training log":
            "正在加载训练日志",
        "Show":
            "显示",
        "Open Folder":
            "打开文件夹",
        "Show what this job made":
            "显示此任务生成的结果",
        "share of the source kept":
            "保留的原模型比例",
        "Size after export, by layer":
            "导出后的大小（按层）",
        "FFN neurons the mask keeps":
            "掩码保留的 FFN 神经元",
        "FFN width in the export":
            "导出中的 FFN 宽度",
        "heads the mask keeps":
            "掩码保留的注意力头",
        "heads in the export":
            "导出中的注意力头",
        "layer":
            "层",
        "Back":
            "上一步",
        "Next":
            "下一步",
        "Finish":
            "完成",
        "Close":
            "关闭",
        "<b>Step %1 of %2</b><br>%3":
            "<b>第 %1 步，共 %2 步</b><br>%3",
        "A head map: one row for each layer, one cell for each attention head, coloured by how important the head is to the model's answers (Taylor scores here). Rest the pointer on a cell to read its value.":
            "注意力头图：每层一行，每个注意力头一格，颜色表示该头对模型答案的重要程度（此处为 Taylor 评分）。将指针停在格子上可读取其数值。",
        "Scoring a method: Analysis → Score runs one of the methods on the study's data; every result joins this list, where a click shows it in the maps.":
            "用方法评分：分析 → 评分 在研究的数据上运行某个方法；每个结果都会加入此列表，单击即可在图中显示。",
        "Building a mask: Analysis → Mask keeps the highest-scoring units; this one prunes half of the heads (the dark cells). Edit Mask lets you toggle cells by hand.":
            "构建掩码：分析 → 掩码 保留得分最高的单元；这个掩码剪掉一半的注意力头（深色格子）。编辑掩码 可手动切换格子。",
        "Comparing masks: the matrix gives a metric for every pair of masks or score maps; click a cell to see that pair layer by layer and where the two agree.":
            "比较掩码：矩阵给出每对掩码或评分图的指标；单击格子可逐层查看这一对，以及两者一致之处。",
        "Evaluating: F5 measures the pruned model on the study's data, and a sweep does it for every method across sparsities; the shaded band is the spread of random masks, the noise a method must beat.":
            "评估：F5 在研究的数据上测量剪枝后的模型，扫描则对每种方法在不同稀疏度下进行测量；阴影带是随机掩码的波动范围，即方法必须超越的噪声。",
        "Exporting: Analysis → Mask Profiles shows where each mask prunes, and Analysis → Export Model writes the pruned model as a smaller checkpoint, its sizes shown layer by layer before it is written.":
            "导出：分析 → 掩码概况 显示每个掩码剪枝的位置，分析 → 导出模型 将剪枝后的模型写成更小的检查点，写出前按层显示其大小。",
        "&Presentation Mode":
            "演示模式(&P)",
        "Larger text and thicker lines, for a projector":
            "更大的文字和更粗的线条，适合投影仪",
        "Guided &Tour":
            "导览(&T)",
        "Options\u2026":
            "选项\u2026",
        "The options of the selected method, as its declaration offers them":
            "所选方法的选项（按其声明提供）",
        "The share of the study's sample set apart by a seeded shuffle and evaluated on; the methods score on the rest":
            "按带种子的随机打乱从研究样本中留出用于评估的比例；各方法在其余部分上评分",
        "Held out for evaluation:":
            "留出用于评估：",
        "Every method with its default options":
            "所有方法均使用默认选项",
        "A new classification head for the classes of the study's data":
            "为研究数据的类别新建分类头",
        "For labels the model was not trained on: its classifier's output layer starts afresh, one output for each label in the data, and the checkpoint names them":
            "用于模型未训练过的标签：分类器的输出层重新初始化，数据中的每个标签对应一个输出，检查点记录其名称",
        "Smooth-Cut &Noise Scan…":
            "Smooth-Cut 噪声扫描(&N)…",
        "How Smooth-Cut's ranking departs from Taylor's as its noise grows: rank correlation and one-shot accuracy against sigma":
            "随着噪声增大，Smooth-Cut 的排序偏离 Taylor 的程度：秩相关和一次性剪枝精度随 σ 的变化",
        "Noise Scans":
            "噪声扫描",
        "Smooth-Cut noise scan":
            "Smooth-Cut 噪声扫描",
        "Smooth-Cut Noise Scan":
            "Smooth-Cut 噪声扫描",
        "A share of each noisy tensor's own spread":
            "各加噪张量自身标准差的比例",
        "Smooth-Cut Options…":
            "Smooth-Cut 选项…",
        "The noise levels scanned, comma-separated, each above 0 (DeepCuts uses 1e-3)":
            "要扫描的噪声水平，以逗号分隔，每个大于 0（DeepCuts 使用 1e-3）",
        "Read sigma as a share of the standard deviation of each tensor the noise is added to, rather than as an absolute level":
            "将 σ 视为所加噪声的各张量标准差的比例，而不是绝对水平",
        "The one-shot weight sparsities evaluated at each sigma, between 0 and 1":
            "在每个 σ 下评估的一次性权重稀疏度，介于 0 和 1 之间",
        "tensor: the same fraction of every matrix, as DeepCuts prunes; global: one threshold over the whole model":
            "tensor：与 DeepCuts 相同，每个矩阵剪去相同比例；global：整个模型一个阈值",
        "Smooth-Cut's options other than the noise level: its passes, where the noise goes":
            "噪声水平以外的 Smooth-Cut 选项：传递次数、噪声添加位置",
        "Sigmas:":
            "σ 值：",
        "Smooth-Cut's default options":
            "Smooth-Cut 的默认选项",
        "Smooth-Cut's noise sigma":
            "Smooth-Cut 的噪声 σ",
        "Smooth-Cut against Taylor as the noise grows (%1 after one-shot weight pruning)":
            "噪声增大时 Smooth-Cut 与 Taylor 的比较（一次性权重剪枝后的 %1）",
        "Smooth-Cut's noise sigma (share of each tensor's spread)":
            "Smooth-Cut 的噪声 σ（各张量标准差的比例）",
        "Spearman with Taylor":
            "与 Taylor 的 Spearman 相关",
        "Smooth-Cut at %1 %":
            "Smooth-Cut (%1 %)",
        "Taylor at %1 %":
            "Taylor (%1 %)",
        "magnitude at %1 %":
            "幅值 (%1 %)",
        "Spearman with Taylor (right axis)":
            "与 Taylor 的 Spearman 相关（右轴）",
        "<p>A <b>noise scan</b> (Analysis → Smooth-Cut Noise Scan) is drawn here too, against Smooth-Cut's noise sigma on a log scale: the metric after one-shot weight pruning at each sparsity, Taylor's (dashed) and magnitude's (dotted) masks at the same sparsity as levels, and on the right axis how closely Smooth-Cut ranks the weights as Taylor does. Where the rank correlation is 1, Smooth-Cut is Taylor under another name.</p>":
            "<p><b>噪声扫描</b>（分析 → Smooth-Cut 噪声扫描）也绘制在这里，横轴为 Smooth-Cut 的噪声 σ（对数刻度）：各稀疏度下一次性权重剪枝后的指标、同一稀疏度下 Taylor（虚线）和幅值（点线）掩码的水平线，右轴显示 Smooth-Cut 对权重的排序与 Taylor 的接近程度。秩相关为 1 时，Smooth-Cut 只是换了名字的 Taylor。</p>",
        "Sparsities:":
            "稀疏度：",
        "Scope:":
            "范围：",
        'shrunk: pruned FFN neurons removed, pruned heads zeroed, loads in stock transformers; zeros: original shapes; masks: the mask file and its description only; onnx: an ONNX model with every pruned head and neuron removed, for the largest speed-up':
            'shrunk：删除剪枝的 FFN 神经元，剪枝的头置零，可在标准 transformers 中加载；zeros：保持原始形状；masks：只有掩码文件及其说明；onnx：删除所有剪枝的头和神经元的 ONNX 模型，加速最多',
        "The precision of the ONNX model's weights and arithmetic":
            'ONNX 模型的权重和运算精度',
        'Measure dense and pruned speed in ONNX Runtime':
            '在 ONNX Runtime 中测量稠密模型和剪枝模型的速度',
        'Times the dense model and the export in ONNX Runtime on this machine, batch 1 and 32 of 128 tokens, the median of 10 runs with the fastest and slowest':
            '在本机的 ONNX Runtime 中为稠密模型和导出模型计时：128 个词元，批大小 1 和 32，10 次运行的中位数及最快和最慢',
        'ONNX precision:':
            'ONNX 精度：',
        'Exported to %1':
            '已导出到 %1',
        # Measuring an export on the GPU or on this machine's CPU (export dialog).
        "Measure dense and pruned speed on the GPU (%1)": "在 GPU (%1) 上测量稠密模型和剪枝模型的速度",
        "Times the dense model and the pruned one in PruneScope's runtime on %1, each pass replayed as a CUDA graph, "
        "batch 1 and 32 of 128 tokens, the median of 10 runs with the fastest and slowest, in the measuring precision":
            "在 %1 上用 PruneScope 的运行时为稠密模型和剪枝模型计时：每次前向作为 CUDA 图重放，128 个词元，"
            "批大小 1 和 32，以测量精度取 10 次运行的中位数及最快和最慢",
        "Times the dense model and the export in ONNX Runtime on this machine's CPU, batch 1 and 32 of 128 tokens, "
        "the median of 10 runs with the fastest and slowest":
            "在本机 CPU 的 ONNX Runtime 中为稠密模型和导出模型计时：128 个词元，批大小 1 和 32，10 次运行的中位数及最快和最慢",
        "The precision the GPU measures both models in (bfloat16 is what tensor cores run fastest); the export "
        "itself keeps the ONNX precision":
            "GPU 测量两个模型所用的精度（张量核心运行最快的是 bfloat16）；导出本身保持 ONNX 精度",
        "Measure in:": "测量精度：",
        # The precisions (settings dialog).
        "float32, products split on a GPU's tensor cores (tf32x3)":
            "float32，在 GPU 张量核心上拆分乘积 (tf32x3)",
        "The precision of forward passes when scoring; comparisons with references always use float32. tf32x3 "
        "splits each linear layer's float32 product in three on the TF32 tensor cores of a GPU of compute "
        "capability 8.0 or later: faster than float32 and a little less exact":
            "评分时前向传播的精度；与参考的比较始终使用 float32。tf32x3 在计算能力 8.0 及以上 GPU 的 TF32 张量核心上"
            "将每个线性层的 float32 乘积拆分为三个乘积：比 float32 快，精度略低",
    },
}

# The method declarations' translation keys (widgets/method_texts.cpp): a key is
# "method.NAME" for a title, "method.NAME.OPTION" for an option; an option's label is shared
# by every method that declares it, unless "NAME.OPTION" has its own.
METHOD_LABELS = {
    "ja": {
        "method.random": "ランダム",
        "method.magnitude": "大きさ (Magnitude)",
        "method.gradient": "勾配",
        "method.taylor": "Taylor",
        "method.taylor.absolute-per-batch": "バッチごとに絶対値",
        "method.snip": "SNIP",
        "method.head-importance": "ヘッド重要度",
        "method.head-importance.normalize-per-layer": "層ごとに正規化",
        "method.head-importance.normalize-globally": "全体で正規化",
        "method.wanda": "Wanda",
        "method.cam-cut": "Cam-Cut",
        "method.cam-cut.cam-shift": "CAM シフト c",
        "method.cam-cut.include-padding": "パディングも平均に含める",
        "method.smooth-cut": "Smooth-Cut",
        "method.smooth-cut.samples": "サンプル数 K",
        "method.smooth-cut.sigma": "ノイズの標準偏差",
        "method.smooth-cut.relative-sigma": "σ を各テンソル自身の標準偏差に対する比とする",
        "method.smooth-cut.noise-on": "ノイズを加える場所",
        "method.smooth-cut.batched": "1 バッチで実行",
        "method.hard": "Movement pruning (ハード、Sanh ら 2020)",
        "method.soft": "Movement pruning (ソフト、Sanh ら 2020)",
        "method.gum": "GUM (Santacroce ら 2023)",
        "method.admm": "ADMM による N:M パターン",
        "method.sr-ste": "SR-STE による N:M パターン (Zhou ら 2021)",
        "method.isp": "Instant Soup Pruning (Jaiswal ら 2023)",
        "method.abp": "Adapting by Pruning (Gao ら 2021)",
        "method.imp": "リワインド付き反復的大きさ枝刈り (Frankle & Carbin 2019)",
        "method.sparsegpt": "SparseGPT (Frantar & Alistarh 2023)",
        "pattern": "パターン",
        "dampening": "減衰項 (diag H の平均に対する割合)",
        "block-size": "ブロックの列数 B",
        "granularity": "粒度",
        "final-keep": "最終保持率 v_f",
        "prune-warmup": "枝刈り前の割合 t1",
        "prune-cooldown": "最終段の割合 t2",
        "score-lr": "スコアの学習率",
        "penalty": "ペナルティ係数 λ_f",
        "threshold": "しきい値 τ",
        "uniqueness": "冗長性の重み λ_u",
        "rho": "初期 ρ",
        "rho-growth": "ρ の増加率",
        "admm.rounds": "ラウンド数",
        "retrain": "再学習の割合",
        "decay": "減衰 λ_W",
        "sparsity": "目標スパース率",
        "isp.rounds": "枝刈りラウンド数 k",
        "rate": "ラウンドごとの割合",
        "round-share": "ラウンドの学習割合 t",
        "denoisers": "デノイザー数 N",
        "denoiser-steps": "デノイザーのステップ数 C",
        "denoiser-data": "デノイザーのデータ割合",
        "combine": "マスクの結合方法",
        "soup": "Instant Model Soup",
        "scope": "順位付けの範囲",
        "push": "押し出し λ",
        "mask-lr": "マスクの学習率",
        "recovery": "枝刈りした重みの復帰を許す",
        "rewind": "巻き戻すステップ",
        "under %1": "%1 の下で",
        "Options of %1": "%1 のオプション",
        "This method has no options.": "この手法にはオプションがありません。",
        "This computer": "このコンピューター",
        "Jobs of the open study": "開いているスタディのジョブ",
        "Jobs of new studies": "新しいスタディのジョブ",
        "%1 in one shot": "%1 (ワンショット)",
        "Shard size:": "シャードの大きさ:",
        "The largest weight file: a larger model is written in shards of at most this size with an index, as "
        "save_pretrained writes it (5GB, 500MB, 2GiB or bytes)":
            "重みファイルの最大の大きさ: これより大きいモデルは、save_pretrained と同じく、この大きさ以下のシャードと"
            "インデックスに分けて書き出します (5GB、500MB、2GiB またはバイト数)",
        "%1, in one shot (no training)": "%1、ワンショット (学習なし)",
        "Layer %1 of %2 pruned": "%2 層中 %1 層を枝刈りしました",
        "%n layer(s) pruned in one shot to sparsity %1 in %2 s": "%n 層をワンショットでスパース率 %1 まで枝刈り (%2 秒)",
        "; validation %1 %2 (dense %3)": "; 検証 %1 %2 (密モデル %3)",
        ". The pruned model is in %1.": "。枝刈りしたモデルは %1 にあります。",
        "method.deepcuts":
            "一度の枝刈りとリワインド (DeepCuts の手順)",
        "method.deepcuts.score":
            "スコア手法",
        "method.deepcuts.score-examples":
            "スコアに使う訓練例の数",
        "method.deepcuts.rewind":
            "保持した重みを開始時の値に戻す",
        "method.deepcuts.absolute-per-batch":
            "バッチごとに絶対値 (taylor)",
        "method.deepcuts.cam-shift":
            "CAM シフト c (cam-cut)",
        "method.deepcuts.include-padding":
            "パディングも平均に含める (cam-cut)",
        "method.deepcuts.samples":
            "サンプル数 K (smooth-cut)",
        "method.deepcuts.sigma":
            "ノイズの標準偏差 (smooth-cut)",
        "method.deepcuts.relative-sigma":
            "σ を各テンソル自身の標準偏差に対する比とする (smooth-cut)",
        "method.deepcuts.noise-on":
            "ノイズを加える場所 (smooth-cut)",
        "method.deepcuts.batched":
            "1 バッチで実行 (smooth-cut)",
    },
    "zh_CN": {
        "method.random": "随机",
        "method.magnitude": "幅值 (Magnitude)",
        "method.gradient": "梯度",
        "method.taylor": "Taylor",
        "method.taylor.absolute-per-batch": "按批取绝对值",
        "method.snip": "SNIP",
        "method.head-importance": "注意力头重要性",
        "method.head-importance.normalize-per-layer": "逐层归一化",
        "method.head-importance.normalize-globally": "全局归一化",
        "method.wanda": "Wanda",
        "method.cam-cut": "Cam-Cut",
        "method.cam-cut.cam-shift": "CAM 偏移 c",
        "method.cam-cut.include-padding": "平均时包含填充标记",
        "method.smooth-cut": "Smooth-Cut",
        "method.smooth-cut.samples": "样本数 K",
        "method.smooth-cut.sigma": "噪声标准差",
        "method.smooth-cut.relative-sigma": "σ 取为各张量自身标准差的比例",
        "method.smooth-cut.noise-on": "噪声加在",
        "method.smooth-cut.batched": "作为一批运行",
        "method.hard": "Movement pruning (硬，Sanh 等 2020)",
        "method.soft": "Movement pruning (软，Sanh 等 2020)",
        "method.gum": "GUM (Santacroce 等 2023)",
        "method.admm": "ADMM 学习 N:M 模式",
        "method.sr-ste": "SR-STE 学习 N:M 模式 (Zhou 等 2021)",
        "method.isp": "Instant Soup Pruning (Jaiswal 等 2023)",
        "method.abp": "Adapting by Pruning (Gao 等 2021)",
        "method.imp": "带回退的迭代幅值剪枝 (Frankle & Carbin 2019)",
        "method.sparsegpt": "SparseGPT (Frantar & Alistarh 2023)",
        "pattern": "模式",
        "dampening": "阻尼 (相对 diag H 均值的比例)",
        "block-size": "块的列数 B",
        "granularity": "粒度",
        "final-keep": "最终保留比例 v_f",
        "prune-warmup": "剪枝前比例 t1",
        "prune-cooldown": "末段比例 t2",
        "score-lr": "分数学习率",
        "penalty": "惩罚系数 λ_f",
        "threshold": "阈值 τ",
        "uniqueness": "冗余权重 λ_u",
        "rho": "初始 ρ",
        "rho-growth": "ρ 增长系数",
        "admm.rounds": "轮数",
        "retrain": "重新训练比例",
        "decay": "衰减 λ_W",
        "sparsity": "目标稀疏度",
        "isp.rounds": "剪枝轮数 k",
        "rate": "每轮比例",
        "round-share": "每轮训练比例 t",
        "denoisers": "去噪器数量 N",
        "denoiser-steps": "去噪器步数 C",
        "denoiser-data": "去噪器数据比例",
        "combine": "掩码合并方式",
        "soup": "Instant Model Soup",
        "scope": "排序范围",
        "push": "推动量 λ",
        "mask-lr": "掩码学习率",
        "recovery": "允许已剪权重恢复",
        "rewind": "回退到的步数",
        "under %1": "在 %1 之下",
        "Options of %1": "%1 的选项",
        "This method has no options.": "此方法没有选项。",
        "This computer": "本机",
        "Jobs of the open study": "当前研究的任务",
        "Jobs of new studies": "新研究的任务",
        "%1 in one shot": "%1 (一次性)",
        "Shard size:": "分片大小:",
        "The largest weight file: a larger model is written in shards of at most this size with an index, as "
        "save_pretrained writes it (5GB, 500MB, 2GiB or bytes)":
            "权重文件的最大大小: 更大的模型会像 save_pretrained 一样分成不超过此大小的分片并附索引写出 "
            "(5GB、500MB、2GiB 或字节数)",
        "%1, in one shot (no training)": "%1，一次性 (不训练)",
        "Layer %1 of %2 pruned": "已剪枝第 %1 层 (共 %2 层)",
        "%n layer(s) pruned in one shot to sparsity %1 in %2 s": "%n 层一次性剪枝至稀疏度 %1，用时 %2 秒",
        "; validation %1 %2 (dense %3)": "；验证 %1 %2 (稠密模型 %3)",
        ". The pruned model is in %1.": "。剪枝后的模型在 %1。",
        "method.deepcuts":
            "一次剪枝并回退 (DeepCuts 流程)",
        "method.deepcuts.score":
            "评分方法",
        "method.deepcuts.score-examples":
            "用于评分的训练样本数",
        "method.deepcuts.rewind":
            "将保留的权重回退到起始值",
        "method.deepcuts.absolute-per-batch":
            "逐批取绝对值 (taylor)",
        "method.deepcuts.cam-shift":
            "CAM 偏移 c (cam-cut)",
        "method.deepcuts.include-padding":
            "平均时包含填充 (cam-cut)",
        "method.deepcuts.samples":
            "样本数 K (smooth-cut)",
        "method.deepcuts.sigma":
            "噪声标准差 (smooth-cut)",
        "method.deepcuts.relative-sigma":
            "σ 取为各张量自身标准差的比例 (smooth-cut)",
        "method.deepcuts.noise-on":
            "噪声添加位置 (smooth-cut)",
        "method.deepcuts.batched":
            "作为一个批次运行 (smooth-cut)",
    },
}

def method_label(table, source):
    parts = source.split(".")
    if parts[0] != "method" or len(parts) not in (2, 3):
        return table.get(source)
    if len(parts) == 2:
        return table.get(source)
    return table.get(source) or table.get(parts[1] + "." + parts[2]) or table.get(parts[2])


for language, table in TABLES.items():
    path = f"translations/prunescope_{language}.ts"
    tree = ET.parse(path)
    missing = 0
    for message in tree.iter("message"):
        source = message.find("source").text
        translation = message.find("translation")
        forms = translation.findall("numerusform")
        empty = not (translation.text or "").strip() and not any((f.text or "").strip() for f in forms)
        if translation.get("type") != "unfinished" and not empty:
            continue
        text = table.get(source) or method_label(METHOD_LABELS[language], source)
        if text is None:
            missing += 1
            continue
        if message.get("numerus") == "yes":
            for form in forms or [ET.SubElement(translation, "numerusform")]:
                form.text = text
        else:
            translation.text = text
        translation.attrib.pop("type", None)
    tree.write(path, encoding="utf-8", xml_declaration=True)
    print(f"{path}: {missing} strings without a translation", file=sys.stderr)
