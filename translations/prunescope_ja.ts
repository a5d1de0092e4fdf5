<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="ja_JP">
<context>
    <name>DataFields</name>
    <message>
        <location filename="../widgets/study_dialogs.cpp" line="132" />
        <source>Data:</source>
        <translation>データ:</translation>
    </message>
    <message>
        <location filename="../widgets/study_dialogs.cpp" line="133" />
        <source>TSV, CSV, JSONL, text or safetensors file, or an image folder</source>
        <translation>TSV、CSV、JSONL、テキスト、safetensors のいずれかのファイル、または画像フォルダー</translation>
    </message>
    <message>
        <location filename="../widgets/study_dialogs.cpp" line="141" />
        <source>The column holding the text (tables only)</source>
        <translation>テキストを含む列 (表形式のみ)</translation>
    </message>
    <message>
        <location filename="../widgets/study_dialogs.cpp" line="142" />
        <source>The column holding the second sentence of a pair; empty for single sentences</source>
        <translation>文ペアの 2 文目を含む列。単文の場合は空欄</translation>
    </message>
    <message>
        <location filename="../widgets/study_dialogs.cpp" line="143" />
        <source>The column holding the label (tables only)</source>
        <translation>ラベルを含む列 (表形式のみ)</translation>
    </message>
    <message>
        <location filename="../widgets/study_dialogs.cpp" line="146" />
        <source>Tokens per example (classification) or per block (language modelling)</source>
        <translation>1 例あたり (分類) または 1 ブロックあたり (言語モデル) のトークン数</translation>
    </message>
    <message>
        <location filename="../widgets/study_dialogs.cpp" line="147" />
        <source>Text column:</source>
        <translation>テキスト列:</translation>
    </message>
    <message>
        <location filename="../widgets/study_dialogs.cpp" line="148" />
        <source>Pair column:</source>
        <translation>ペア列:</translation>
    </message>
    <message>
        <location filename="../widgets/study_dialogs.cpp" line="149" />
        <source>Label column:</source>
        <translation>ラベル列:</translation>
    </message>
    <message>
        <location filename="../widgets/study_dialogs.cpp" line="152" />
        <source>blocks</source>
        <translation>ブロック</translation>
    </message>
    <message>
        <location filename="../widgets/study_dialogs.cpp" line="153" />
        <source>Language-model text: a window of the maximum length every this many tokens, each token predicted once with up to that much context before it; blocks: windows that do not overlap</source>
        <translation>言語モデルのテキスト: このトークン数ごとに最大長のウィンドウを取り、各トークンをその前の最大長までの文脈で一度だけ予測します。ブロック: 重ならないウィンドウ</translation>
    </message>
    <message>
        <location filename="../widgets/study_dialogs.cpp" line="155" />
        <source>Maximum length:</source>
        <translation>最大長:</translation>
    </message>
    <message>
        <location filename="../widgets/study_dialogs.cpp" line="156" />
        <source>Stride:</source>
        <translation>ストライド:</translation>
    </message>
</context>
<context>
    <name>Help</name>
    <message>
        <location filename="../widgets/help_texts.cpp" line="13" />
        <source>&lt;p&gt;Each cell is one attention head: layers run down, heads across. The colour is the head's importance score from the selected file, or, for a mask, whether the head is kept (pale) or pruned (dark red).&lt;/p&gt;&lt;p&gt;&lt;b&gt;Taylor&lt;/b&gt; and &lt;b&gt;head importance&lt;/b&gt; scores are the size of the loss gradient with respect to a gate on the head: how much the loss would change, to first order, if the head were removed. &lt;b&gt;Cam-Cut&lt;/b&gt; reads the same gradient the way GradCAM does, weighting it by the head's mean activation; &lt;b&gt;Smooth-Cut&lt;/b&gt; averages it over noisy copies of the input (SmoothGrad), which steadies it.&lt;/p&gt;&lt;p&gt;&lt;b&gt;Per layer&lt;/b&gt; rescales each layer to its own range, so you can compare heads within a layer; &lt;b&gt;Rank&lt;/b&gt; shows the order over the whole model, the order in which a global mask prunes. Hover for the value and the rank; when a mask is being edited, click a head to prune or restore it.&lt;/p&gt;</source>
        <translation>&lt;p&gt;各セルが 1 つのアテンションヘッドです。縦方向が層、横方向がヘッドです。色は選択したファイルにおけるヘッドの重要度スコアを示し、マスクの場合はヘッドが保持されている (淡色) か枝刈りされている (暗赤色) かを示します。&lt;/p&gt;&lt;p&gt;&lt;b&gt;Taylor&lt;/b&gt; と &lt;b&gt;head importance&lt;/b&gt; のスコアは、ヘッドに置いたゲートに関する損失の勾配の大きさです。つまり、そのヘッドを取り除いたときに損失が一次近似でどれだけ変化するかを表します。&lt;b&gt;Cam-Cut&lt;/b&gt; は同じ勾配を GradCAM と同じやり方で読み取り、ヘッドの平均活性で重み付けします。&lt;b&gt;Smooth-Cut&lt;/b&gt; は入力にノイズを加えた複数のコピーで勾配を平均し (SmoothGrad)、値を安定させます。&lt;/p&gt;&lt;p&gt;&lt;b&gt;層ごと&lt;/b&gt; は各層をその層自身の範囲に合わせて再スケールするので、層内のヘッドどうしを比較できます。&lt;b&gt;順位&lt;/b&gt; はモデル全体での順序、つまりグローバルマスクが枝刈りする順序を示します。ポインターを重ねると値と順位が表示されます。マスクの編集中は、ヘッドをクリックすると枝刈りまたは復元できます。&lt;/p&gt;</translation>
    </message>
    <message>
        <location filename="../widgets/help_texts.cpp" line="27" />
        <source>&lt;p&gt;Each row is one layer's feed-forward block, each column one of its neurons (the hidden units between the two linear layers). The colour is the neuron's score, or kept / pruned for a mask.&lt;/p&gt;&lt;p&gt;&lt;b&gt;Sort by score&lt;/b&gt; orders every row from the highest score to the lowest, so you can see how sharply importance falls off in each layer. The histogram below shows the distribution of the selected layer: a long flat tail means many neurons matter little, which is where pruning is cheap. Random scores are a strong baseline for neurons; compare with them in the curves view.&lt;/p&gt;</source>
        <translation>&lt;p&gt;各行が 1 つの層のフィードフォワードブロック、各列がそのニューロン (2 つの線形層の間にある隠れユニット) です。色はニューロンのスコアを示し、マスクの場合は保持 / 枝刈りを示します。&lt;/p&gt;&lt;p&gt;&lt;b&gt;スコア順に並べ替え&lt;/b&gt; を使うと各行をスコアの高い順に並べるので、各層で重要度がどれだけ急に下がるかがわかります。下のヒストグラムは選択した層の分布を示します。長く平らな裾は、あまり重要でないニューロンが多いこと、つまり枝刈りのコストが小さいことを意味します。ニューロンに対してはランダムなスコアが強力なベースラインになるので、曲線ビューでそれと比較してください。&lt;/p&gt;</translation>
    </message>
    <message>
        <location filename="../widgets/help_texts.cpp" line="36" />
        <source>&lt;p&gt;One prunable weight matrix, output features down and input features across, coloured by the score of each weight or by its mask. &lt;b&gt;Magnitude&lt;/b&gt; is |W|; &lt;b&gt;Taylor&lt;/b&gt; and &lt;b&gt;SNIP&lt;/b&gt; are |W × gradient|, the first-order loss change when the weight is set to zero; &lt;b&gt;movement&lt;/b&gt; scores grow for weights that training pushes away from zero.&lt;/p&gt;&lt;p&gt;Scroll to zoom, drag to move. For N:M masks (for instance 2:4, which GPUs run fast) the groups of M consecutive input weights are outlined once you zoom in far enough to see them.&lt;/p&gt;</source>
        <translation>&lt;p&gt;枝刈り可能な 1 つの重み行列です。縦方向が出力特徴、横方向が入力特徴で、各重みのスコアまたはマスクで色分けされます。&lt;b&gt;Magnitude&lt;/b&gt; は |W|、&lt;b&gt;Taylor&lt;/b&gt; と &lt;b&gt;SNIP&lt;/b&gt; は |W × 勾配| で、その重みを 0 にしたときの損失の一次変化を表します。&lt;b&gt;movement&lt;/b&gt; スコアは、学習によって 0 から遠ざけられる重みほど大きくなります。&lt;/p&gt;&lt;p&gt;スクロールでズーム、ドラッグで移動します。N:M マスク (たとえば GPU で高速に実行できる 2:4) では、十分に拡大すると、連続する M 個の入力重みのグループが枠で囲まれて表示されます。&lt;/p&gt;</translation>
    </message>
    <message>
        <location filename="../widgets/help_texts.cpp" line="45" />
        <source>&lt;p&gt;Which parts of one input drive the model's output. Red tokens (or image patches) push the target up, blue ones push it down; the stronger the colour, the larger the effect.&lt;/p&gt;&lt;p&gt;&lt;b&gt;GradCAM&lt;/b&gt; multiplies a layer's activations by their gradient and sums over the channels, one value per token; pick the layer to see how the evidence moves through the network. &lt;b&gt;SmoothGrad&lt;/b&gt; averages the gradient at the input over copies with a little noise added, which removes much of the speckle of a single gradient. DeepCuts turns the same two readings into importance scores for pruning (Cam-Cut and Smooth-Cut).&lt;/p&gt;</source>
        <translation>&lt;p&gt;1 つの入力のどの部分がモデルの出力を左右しているかを示します。赤いトークン (または画像パッチ) はターゲットを押し上げ、青いものは押し下げます。色が濃いほど影響が大きいことを表します。&lt;/p&gt;&lt;p&gt;&lt;b&gt;GradCAM&lt;/b&gt; は層の活性にその勾配を掛けてチャネル方向に合計し、トークンごとに 1 つの値を求めます。層を選ぶと、根拠がネットワーク内をどのように伝わるかを確認できます。&lt;b&gt;SmoothGrad&lt;/b&gt; は少量のノイズを加えた入力のコピーについて入力での勾配を平均し、単一の勾配に見られる斑点状のノイズの多くを取り除きます。DeepCuts はこの 2 つの読み取り結果を枝刈り用の重要度スコアに変換します (Cam-Cut と Smooth-Cut)。&lt;/p&gt;</translation>
    </message>
    <message>
        <location filename="../widgets/help_texts.cpp" line="55" />
        <source>&lt;p&gt;The model's metric (accuracy, F1, perplexity, ...) against the fraction of units pruned, one curve per scoring method. The dashed line is the dense model; &lt;b&gt;random&lt;/b&gt; scores are always included, because a method is only useful where it beats them.&lt;/p&gt;&lt;p&gt;A curve that stays near the dense line to high sparsity means the method finds units the model can do without. Export the plot as PNG or SVG and the numbers as CSV for a paper or a slide.&lt;/p&gt;</source>
        <translation>&lt;p&gt;モデルの評価指標 (正解率、F1、パープレキシティなど) を枝刈りした単位の割合に対して示したもので、スコアリング手法ごとに 1 本の曲線があります。破線は密モデルです。&lt;b&gt;random&lt;/b&gt; スコアは常に含まれます。手法が役に立つのは、それを上回る場合だけだからです。&lt;/p&gt;&lt;p&gt;高いスパース率まで密モデルの線の近くにとどまる曲線は、その手法がモデルにとって不要な単位を見つけられることを意味します。論文やスライド用に、プロットを PNG または SVG として、数値を CSV としてエクスポートできます。&lt;/p&gt;</translation>
    </message>
    <message>
        <location filename="../widgets/help_texts.cpp" line="62" />
        <source>&lt;p&gt;A &lt;b&gt;noise scan&lt;/b&gt; (Analysis → Smooth-Cut Noise Scan) is drawn here too, against Smooth-Cut's noise sigma on a log scale: the metric after one-shot weight pruning at each sparsity, Taylor's (dashed) and magnitude's (dotted) masks at the same sparsity as levels, and on the right axis how closely Smooth-Cut ranks the weights as Taylor does. Where the rank correlation is 1, Smooth-Cut is Taylor under another name.&lt;/p&gt;</source>
        <translation>&lt;p&gt;&lt;b&gt;ノイズ走査&lt;/b&gt; (分析 → Smooth-Cut ノイズ走査) もここに描かれます。横軸は Smooth-Cut のノイズ σ (対数目盛) で、各スパース率でのワンショット重み枝刈り後の指標、同じスパース率での Taylor (破線) と大きさ (点線) のマスクの値、そして右軸に Smooth-Cut の重みの順位が Taylor とどれだけ一致するかを示します。順位相関が 1 のところでは、Smooth-Cut は名前が違うだけの Taylor です。&lt;/p&gt;</translation>
    </message>
    <message>
        <location filename="../widgets/help_texts.cpp" line="70" />
        <source>&lt;p&gt;How far the masks and score maps of a study agree. The matrix compares every pair on one metric, over all layers or over the layer you pick.&lt;/p&gt;&lt;p&gt;For masks: &lt;b&gt;IoU&lt;/b&gt; is the share of pruned units that both prune (1: the same units); &lt;b&gt;cosine&lt;/b&gt; compares the kept units; &lt;b&gt;Hamming&lt;/b&gt; is the fraction of units on which they differ. For score maps: &lt;b&gt;Spearman&lt;/b&gt; and &lt;b&gt;Kendall&lt;/b&gt; correlate the rankings (1: the same order, 0: unrelated); &lt;b&gt;top-k&lt;/b&gt; is the overlap of the top 10 % of units. A grey cell pairs a mask with a score map, which these metrics do not compare.&lt;/p&gt;&lt;p&gt;Click a cell to see that pair layer by layer: the curve shows the metric per layer with both masks' sparsity, and the two maps below show where they agree (pale: kept by both, dark red: pruned by both) and where they do not (orange: pruned here only, blue: kept here only). A score map keeps its highest-scoring units: as many as the mask beside it keeps, or its top 10 %.&lt;/p&gt;</source>
        <translation>&lt;p&gt;スタディのマスクとスコアマップがどこまで一致するかを示します。行列は、すべての組を 1 つの評価指標で、全層または選んだ層について比較します。&lt;/p&gt;&lt;p&gt;マスクの場合: &lt;b&gt;IoU&lt;/b&gt; は枝刈りされたユニットのうち両方が枝刈りする割合 (1: 同じユニット)、&lt;b&gt;コサイン&lt;/b&gt; は保持するユニットの比較、&lt;b&gt;ハミング&lt;/b&gt; は両者が異なるユニットの割合です。スコアマップの場合: &lt;b&gt;スピアマン&lt;/b&gt; と &lt;b&gt;ケンドール&lt;/b&gt; は順位の相関 (1: 同じ順序、0: 無関係)、&lt;b&gt;top-k&lt;/b&gt; は上位 10 % のユニットの重なりです。灰色のセルはマスクとスコアマップの組で、これらの指標では比較しません。&lt;/p&gt;&lt;p&gt;セルをクリックすると、その組を層ごとに表示します。曲線は層ごとの指標と両マスクのスパース率を、下の 2 つのマップは一致する所 (淡色: 両方で保持、濃い赤: 両方で枝刈り) と一致しない所 (橙: こちらだけで枝刈り、青: こちらだけで保持) を示します。スコアマップはスコアの高いユニットを保持します。その数は隣のマスクが保持する数、またはスコアの上位 10 % です。&lt;/p&gt;</translation>
    </message>
    <message>
        <location filename="../widgets/help_texts.cpp" line="84" />
        <source>&lt;p&gt;Where each mask prunes, as the Adapting by Pruning paper draws it: for every component of the transformer (q, k, v: the attention's query, key and value; attention-output; ffn-in and ffn-out: the two layers of the feed-forward block), or for every layer, the share of its weights the mask removes. A head or neuron mask counts as the weights the unit removes. Masks that prune to the same overall sparsity can spend it very differently.&lt;/p&gt;&lt;p&gt;With the sensitivity tests, the table below gives the study's metric for the dense model, under each mask, under the same mask shuffled at random within each tensor (the same sparsity in every matrix, other places), and under the mask with every prunable matrix re-initialised at random. If shuffling costs little, the mask's placement matters less than how much it prunes where; if re-initialising costs little, the weights that survive matter less than the mask.&lt;/p&gt;</source>
        <translation>&lt;p&gt;各マスクがどこを枝刈りするかを、Adapting by Pruning の論文と同じ形で示します: Transformer の各構成要素 (q、k、v: attention の query、key、value。attention-output。ffn-in と ffn-out: フィードフォワードブロックの 2 つの層) または各層について、マスクが取り除く重みの割合です。ヘッドやニューロンのマスクは、その単位が取り除く重みとして数えます。全体のスパース率が同じマスクでも、その使い方は大きく異なることがあります。&lt;/p&gt;&lt;p&gt;感度テストを行うと、下の表にスタディの指標が示されます: 密なモデル、各マスク下、同じマスクを各テンソル内でランダムにシャッフルしたもの (各行列のスパース率は同じで場所が異なる)、そしてすべての枝刈り可能な行列をランダムに再初期化してマスクをかけたもの。シャッフルしても損失が小さければ、マスクの配置よりもどこをどれだけ枝刈りするかが効いています。再初期化しても損失が小さければ、残った重みよりもマスクが効いています。&lt;/p&gt;</translation>
    </message>
    <message>
        <location filename="../widgets/help_texts.cpp" line="98" />
        <source>&lt;p&gt;A training run as it goes: the blue line is the loss of every step, the red dots the validation metric at each evaluation (right axis), the grey dashes the share of units or weights pruned so far. ADMM adds its primal residual (how far the weights are from the n:m pattern) and dual residual (how much the pattern still moves); both should fall before the projection.&lt;/p&gt;&lt;p&gt;Methods that prune over rounds draw a map below. For &lt;b&gt;Instant Soup Pruning&lt;/b&gt; each row is a mask of the latest round: the weak masks of the denoisers (copies trained briefly on their own share of the data), their combination (by default the union: a weight survives if any weak mask keeps it) and the round's mask, pruned back to the round's target. For &lt;b&gt;IMP&lt;/b&gt; each row is one round's mask. Each column is a layer and component (q, k, v: the attention's query, key and value; o: its output; in, out: the FFN); the colour is the share of that part's weights pruned. Masks that differ show where the weak masks disagree.&lt;/p&gt;&lt;p&gt;At the end the summary gives the compute every run spent, to set a method's cost against IMP's, and for &lt;b&gt;Adapting by Pruning&lt;/b&gt; how many pruned connections came back.&lt;/p&gt;</source>
        <translation>&lt;p&gt;進行中の訓練: 青い線は各ステップの損失、赤い点は各評価での検証指標 (右軸)、灰色の破線はこれまでに枝刈りされた単位または重みの割合です。ADMM では主残差 (重みが n:m パターンからどれだけ離れているか) と双対残差 (パターンがまだどれだけ動いているか) も描かれ、射影の前にどちらも下がるはずです。&lt;/p&gt;&lt;p&gt;ラウンドごとに枝刈りする手法では下にマップが描かれます。&lt;b&gt;Instant Soup Pruning&lt;/b&gt; では各行が最新ラウンドのマスクです: デノイザー (データの一部で短く訓練したコピー) の弱いマスク、それらの統合 (既定は和集合: どれかの弱いマスクが残せば重みは残る)、そしてラウンドの目標まで枝刈りし直したラウンドのマスク。&lt;b&gt;IMP&lt;/b&gt; では各行が 1 ラウンドのマスクです。各列は層と構成要素 (q、k、v: attention の query、key、value。o: その出力。in、out: FFN) で、色はその部分の重みが枝刈りされた割合です。マスクの違いが、弱いマスク同士の食い違う場所を示します。&lt;/p&gt;&lt;p&gt;最後に、要約は各実行が費やした計算量を示し、手法のコストを IMP と比べられるようにします。&lt;b&gt;Adapting by Pruning&lt;/b&gt; では、枝刈りされた接続のうち戻ってきた数も示します。&lt;/p&gt;</translation>
    </message>
    <message>
        <location filename="../widgets/help_texts.cpp" line="119" />
        <source>What am I looking at?</source>
        <translation>この表示の見方</translation>
    </message>
</context>
<context>
    <name>MethodOptions</name>
    <message>
        <location filename="../widgets/method_texts.cpp" line="10" />
        <source>method.random</source>
        <extracomment>Random</extracomment>
        <translation>ランダム</translation>
    </message>
    <message>
        <location filename="../widgets/method_texts.cpp" line="12" />
        <source>method.magnitude</source>
        <extracomment>Magnitude</extracomment>
        <translation>大きさ (Magnitude)</translation>
    </message>
    <message>
        <location filename="../widgets/method_texts.cpp" line="14" />
        <source>method.gradient</source>
        <extracomment>Gradient</extracomment>
        <translation>勾配</translation>
    </message>
    <message>
        <location filename="../widgets/method_texts.cpp" line="16" />
        <source>method.taylor</source>
        <extracomment>Taylor</extracomment>
        <translation>Taylor</translation>
    </message>
    <message>
        <location filename="../widgets/method_texts.cpp" line="18" />
        <source>method.taylor.absolute-per-batch</source>
        <extracomment>sum each batch's |.| (true) or take |.| of the sum over batches</extracomment>
        <translation>バッチごとに絶対値</translation>
    </message>
    <message>
        <location filename="../widgets/method_texts.cpp" line="20" />
        <source>method.snip</source>
        <extracomment>SNIP</extracomment>
        <translation>SNIP</translation>
    </message>
    <message>
        <location filename="../widgets/method_texts.cpp" line="22" />
        <source>method.head-importance</source>
        <extracomment>Head importance</extracomment>
        <translation>ヘッド重要度</translation>
    </message>
    <message>
        <location filename="../widgets/method_texts.cpp" line="24" />
        <source>method.head-importance.normalize-per-layer</source>
        <extracomment>L2-normalise the scores within each layer</extracomment>
        <translation>層ごとに正規化</translation>
    </message>
    <message>
        <location filename="../widgets/method_texts.cpp" line="26" />
        <source>method.head-importance.normalize-globally</source>
        <extracomment>min-max normalise the scores over all units</extracomment>
        <translation>全体で正規化</translation>
    </message>
    <message>
        <location filename="../widgets/method_texts.cpp" line="28" />
        <source>method.wanda</source>
        <extracomment>Wanda</extracomment>
        <translation>Wanda</translation>
    </message>
    <message>
        <location filename="../widgets/method_texts.cpp" line="30" />
        <source>method.cam-cut</source>
        <extracomment>Cam-Cut</extracomment>
        <translation>Cam-Cut</translation>
    </message>
    <message>
        <location filename="../widgets/method_texts.cpp" line="32" />
        <source>method.cam-cut.cam-shift</source>
        <extracomment>c added to the mean output (10: the shift variant, 0: plain)</extracomment>
        <translation>CAM シフト c</translation>
    </message>
    <message>
        <location filename="../widgets/method_texts.cpp" line="34" />
        <source>method.cam-cut.include-padding</source>
        <extracomment>average over padding tokens too, as the authors' code does</extracomment>
        <translation>パディングも平均に含める</translation>
    </message>
    <message>
        <location filename="../widgets/method_texts.cpp" line="36" />
        <source>method.smooth-cut</source>
        <extracomment>Smooth-Cut</extracomment>
        <translation>Smooth-Cut</translation>
    </message>
    <message>
        <location filename="../widgets/method_texts.cpp" line="38" />
        <source>method.smooth-cut.samples</source>
        <extracomment>the number K of noisy passes</extracomment>
        <translation>サンプル数 K</translation>
    </message>
    <message>
        <location filename="../widgets/method_texts.cpp" line="40" />
        <source>method.smooth-cut.sigma</source>
        <extracomment>the noise's standard deviation (relative to the embeddings' spread when on embeddings)</extracomment>
        <translation>ノイズの標準偏差</translation>
    </message>
    <message>
        <location filename="../widgets/method_texts.cpp" line="42" />
        <source>method.smooth-cut.relative-sigma</source>
        <extracomment>sigma as a share of each noisy tensor's own standard deviation in the pass (every linear output's, or the embeddings')</extracomment>
        <translation>σ を各テンソル自身の標準偏差に対する比とする</translation>
    </message>
    <message>
        <location filename="../widgets/method_texts.cpp" line="44" />
        <source>method.smooth-cut.noise-on</source>
        <extracomment>add the noise to every linear output or to the input embeddings</extracomment>
        <translation>ノイズを加える場所</translation>
    </message>
    <message>
        <location filename="../widgets/method_texts.cpp" line="46" />
        <source>method.smooth-cut.batched</source>
        <extracomment>run the K noisy copies as one batch</extracomment>
        <translation>1 バッチで実行</translation>
    </message>
    <message>
        <location filename="../widgets/method_texts.cpp" line="48" />
        <source>method.hard</source>
        <extracomment>Movement pruning, hard (Sanh et al. 2020)</extracomment>
        <translation>Movement pruning (ハード、Sanh ら 2020)</translation>
    </message>
    <message>
        <location filename="../widgets/method_texts.cpp" line="50" />
        <source>method.hard.granularity</source>
        <extracomment>what a score masks: each weight, or each FFN neuron</extracomment>
        <translation>粒度</translation>
    </message>
    <message>
        <location filename="../widgets/method_texts.cpp" line="52" />
        <source>method.hard.final-keep</source>
        <extracomment>v_f, the share of the units kept at the end</extracomment>
        <translation>最終保持率 v_f</translation>
    </message>
    <message>
        <location filename="../widgets/method_texts.cpp" line="54" />
        <source>method.hard.prune-warmup</source>
        <extracomment>t1, the share of the steps before pruning starts</extracomment>
        <translation>枝刈り前の割合 t1</translation>
    </message>
    <message>
        <location filename="../widgets/method_texts.cpp" line="56" />
        <source>method.hard.prune-cooldown</source>
        <extracomment>t2, the share of the last steps at v_f</extracomment>
        <translation>最終段の割合 t2</translation>
    </message>
    <message>
        <location filename="../widgets/method_texts.cpp" line="58" />
        <source>method.hard.score-lr</source>
        <extracomment>the learning rate of the scores S</extracomment>
        <translation>スコアの学習率</translation>
    </message>
    <message>
        <location filename="../widgets/method_texts.cpp" line="60" />
        <source>method.soft</source>
        <extracomment>Movement pruning, soft (Sanh et al. 2020)</extracomment>
        <translation>Movement pruning (ソフト、Sanh ら 2020)</translation>
    </message>
    <message>
        <location filename="../widgets/method_texts.cpp" line="62" />
        <source>method.soft.granularity</source>
        <extracomment>what a score masks: each weight, or each FFN neuron</extracomment>
        <translation>粒度</translation>
    </message>
    <message>
        <location filename="../widgets/method_texts.cpp" line="64" />
        <source>method.soft.final-keep</source>
        <extracomment>v_f, the share of the units kept at the end</extracomment>
        <translation>最終保持率 v_f</translation>
    </message>
    <message>
        <location filename="../widgets/method_texts.cpp" line="66" />
        <source>method.soft.prune-warmup</source>
        <extracomment>t1, the share of the steps before pruning starts</extracomment>
        <translation>枝刈り前の割合 t1</translation>
    </message>
    <message>
        <location filename="../widgets/method_texts.cpp" line="68" />
        <source>method.soft.prune-cooldown</source>
        <extracomment>t2, the share of the last steps at v_f</extracomment>
        <translation>最終段の割合 t2</translation>
    </message>
    <message>
        <location filename="../widgets/method_texts.cpp" line="70" />
        <source>method.soft.score-lr</source>
        <extracomment>the learning rate of the scores S</extracomment>
        <translation>スコアの学習率</translation>
    </message>
    <message>
        <location filename="../widgets/method_texts.cpp" line="72" />
        <source>method.soft.penalty</source>
        <extracomment>lambda_f, the weight of the penalty on sigmoid(S)</extracomment>
        <translation>ペナルティ係数 λ_f</translation>
    </message>
    <message>
        <location filename="../widgets/method_texts.cpp" line="74" />
        <source>method.soft.threshold</source>
        <extracomment>tau: a unit is kept where sigmoid(S) &gt; tau</extracomment>
        <translation>しきい値 τ</translation>
    </message>
    <message>
        <location filename="../widgets/method_texts.cpp" line="76" />
        <source>method.gum</source>
        <extracomment>GUM (Santacroce et al. 2023)</extracomment>
        <translation>GUM (Santacroce ら 2023)</translation>
    </message>
    <message>
        <location filename="../widgets/method_texts.cpp" line="78" />
        <source>method.gum.final-keep</source>
        <extracomment>v_f, the share of the units kept at the end</extracomment>
        <translation>最終保持率 v_f</translation>
    </message>
    <message>
        <location filename="../widgets/method_texts.cpp" line="80" />
        <source>method.gum.prune-warmup</source>
        <extracomment>t1, the share of the steps before pruning starts</extracomment>
        <translation>枝刈り前の割合 t1</translation>
    </message>
    <message>
        <location filename="../widgets/method_texts.cpp" line="82" />
        <source>method.gum.prune-cooldown</source>
        <extracomment>t2, the share of the last steps at v_f</extracomment>
        <translation>最終段の割合 t2</translation>
    </message>
    <message>
        <location filename="../widgets/method_texts.cpp" line="84" />
        <source>method.gum.score-lr</source>
        <extracomment>the learning rate of the scores S</extracomment>
        <translation>スコアの学習率</translation>
    </message>
    <message>
        <location filename="../widgets/method_texts.cpp" line="86" />
        <source>method.gum.penalty</source>
        <extracomment>lambda_f, the weight of the penalty on sigmoid(S)</extracomment>
        <translation>ペナルティ係数 λ_f</translation>
    </message>
    <message>
        <location filename="../widgets/method_texts.cpp" line="88" />
        <source>method.gum.uniqueness</source>
        <extracomment>lambda_u, the weight of a neuron's redundancy in the penalty</extracomment>
        <translation>冗長性の重み λ_u</translation>
    </message>
    <message>
        <location filename="../widgets/method_texts.cpp" line="90" />
        <source>method.admm</source>
        <extracomment>ADMM toward an N:M pattern</extracomment>
        <translation>ADMM による N:M パターン</translation>
    </message>
    <message>
        <location filename="../widgets/method_texts.cpp" line="92" />
        <source>method.admm.rho</source>
        <extracomment>rho at the start</extracomment>
        <translation>初期 ρ</translation>
    </message>
    <message>
        <location filename="../widgets/method_texts.cpp" line="94" />
        <source>method.admm.rho-growth</source>
        <extracomment>rho's factor per round</extracomment>
        <translation>ρ の増加率</translation>
    </message>
    <message>
        <location filename="../widgets/method_texts.cpp" line="96" />
        <source>method.admm.rounds</source>
        <extracomment>Z- and U-steps before the projection</extracomment>
        <translation>ラウンド数</translation>
    </message>
    <message>
        <location filename="../widgets/method_texts.cpp" line="98" />
        <source>method.admm.retrain</source>
        <extracomment>the share of the steps left to retrain under the mask</extracomment>
        <translation>再学習の割合</translation>
    </message>
    <message>
        <location filename="../widgets/method_texts.cpp" line="100" />
        <source>method.sr-ste</source>
        <extracomment>SR-STE toward an N:M pattern (Zhou et al. 2021)</extracomment>
        <translation>SR-STE による N:M パターン (Zhou ら 2021)</translation>
    </message>
    <message>
        <location filename="../widgets/method_texts.cpp" line="102" />
        <source>method.sr-ste.decay</source>
        <extracomment>lambda_W, the decay of the pruned weights</extracomment>
        <translation>減衰 λ_W</translation>
    </message>
    <message>
        <location filename="../widgets/method_texts.cpp" line="104" />
        <source>method.isp</source>
        <extracomment>Instant Soup Pruning (Jaiswal et al. 2023)</extracomment>
        <translation>Instant Soup Pruning (Jaiswal ら 2023)</translation>
    </message>
    <message>
        <location filename="../widgets/method_texts.cpp" line="106" />
        <source>method.isp.sparsity</source>
        <extracomment>the share of the prunable weights pruned at the end</extracomment>
        <translation>目標スパース率</translation>
    </message>
    <message>
        <location filename="../widgets/method_texts.cpp" line="108" />
        <source>method.isp.rounds</source>
        <extracomment>k, the pruning rounds</extracomment>
        <translation>枝刈りラウンド数 k</translation>
    </message>
    <message>
        <location filename="../widgets/method_texts.cpp" line="110" />
        <source>method.isp.rate</source>
        <extracomment>of the remaining weights per round; 0: the target in k rounds</extracomment>
        <translation>ラウンドごとの割合</translation>
    </message>
    <message>
        <location filename="../widgets/method_texts.cpp" line="112" />
        <source>method.isp.round-share</source>
        <extracomment>t, a round's main training as a share of an epoch</extracomment>
        <translation>ラウンドの学習割合 t</translation>
    </message>
    <message>
        <location filename="../widgets/method_texts.cpp" line="114" />
        <source>method.isp.denoisers</source>
        <extracomment>N, the denoisers per round</extracomment>
        <translation>デノイザー数 N</translation>
    </message>
    <message>
        <location filename="../widgets/method_texts.cpp" line="116" />
        <source>method.isp.denoiser-steps</source>
        <extracomment>C, each denoiser's training steps</extracomment>
        <translation>デノイザーのステップ数 C</translation>
    </message>
    <message>
        <location filename="../widgets/method_texts.cpp" line="118" />
        <source>method.isp.denoiser-data</source>
        <extracomment>each denoiser's share of the training data</extracomment>
        <translation>デノイザーのデータ割合</translation>
    </message>
    <message>
        <location filename="../widgets/method_texts.cpp" line="120" />
        <source>method.isp.combine</source>
        <extracomment>how the denoisers' keep-masks combine</extracomment>
        <translation>マスクの結合方法</translation>
    </message>
    <message>
        <location filename="../widgets/method_texts.cpp" line="122" />
        <source>method.isp.soup</source>
        <extracomment>Instant Model Soup before the final fine-tuning</extracomment>
        <translation>Instant Model Soup</translation>
    </message>
    <message>
        <location filename="../widgets/method_texts.cpp" line="124" />
        <source>method.isp.scope</source>
        <extracomment>|W| ranked over all matrices, or within each</extracomment>
        <translation>順位付けの範囲</translation>
    </message>
    <message>
        <location filename="../widgets/method_texts.cpp" line="126" />
        <source>method.abp</source>
        <extracomment>Adapting by Pruning (Gao et al. 2021)</extracomment>
        <translation>Adapting by Pruning (Gao ら 2021)</translation>
    </message>
    <message>
        <location filename="../widgets/method_texts.cpp" line="128" />
        <source>method.abp.sparsity</source>
        <extracomment>the share of the prunable weights pruned at the end</extracomment>
        <translation>目標スパース率</translation>
    </message>
    <message>
        <location filename="../widgets/method_texts.cpp" line="130" />
        <source>method.abp.push</source>
        <extracomment>lambda, theta's push per step; 0 (or auto): theta0's mean / (0.6 steps)</extracomment>
        <translation>押し出し λ</translation>
    </message>
    <message>
        <location filename="../widgets/method_texts.cpp" line="132" />
        <source>method.abp.mask-lr</source>
        <extracomment>the learning rate of theta</extracomment>
        <translation>マスクの学習率</translation>
    </message>
    <message>
        <location filename="../widgets/method_texts.cpp" line="134" />
        <source>method.abp.recovery</source>
        <extracomment>a pruned weight may come back</extracomment>
        <translation>枝刈りした重みの復帰を許す</translation>
    </message>
    <message>
        <location filename="../widgets/method_texts.cpp" line="136" />
        <source>method.imp</source>
        <extracomment>Iterative magnitude pruning with rewind (Frankle &amp; Carbin 2019)</extracomment>
        <translation>リワインド付き反復的大きさ枝刈り (Frankle &amp; Carbin 2019)</translation>
    </message>
    <message>
        <location filename="../widgets/method_texts.cpp" line="138" />
        <source>method.imp.sparsity</source>
        <extracomment>the share of the prunable weights pruned at the end</extracomment>
        <translation>目標スパース率</translation>
    </message>
    <message>
        <location filename="../widgets/method_texts.cpp" line="140" />
        <source>method.imp.rate</source>
        <extracomment>of the remaining weights per round</extracomment>
        <translation>ラウンドごとの割合</translation>
    </message>
    <message>
        <location filename="../widgets/method_texts.cpp" line="142" />
        <source>method.imp.rewind</source>
        <extracomment>the step rewound to; 0: the starting weights</extracomment>
        <translation>巻き戻すステップ</translation>
    </message>
    <message>
        <location filename="../widgets/method_texts.cpp" line="144" />
        <source>method.imp.scope</source>
        <extracomment>|W| ranked over all matrices, or within each</extracomment>
        <translation>順位付けの範囲</translation>
    </message>
    <message>
        <location filename="../widgets/method_texts.cpp" line="146" />
        <source>method.deepcuts</source>
        <extracomment>Prune once and rewind (the DeepCuts procedure)</extracomment>
        <translation>一度の枝刈りとリワインド (DeepCuts の手順)</translation>
    </message>
    <message>
        <location filename="../widgets/method_texts.cpp" line="148" />
        <source>method.deepcuts.sparsity</source>
        <extracomment>the share of the prunable weights pruned at the end</extracomment>
        <translation>目標スパース率</translation>
    </message>
    <message>
        <location filename="../widgets/method_texts.cpp" line="150" />
        <source>method.deepcuts.score</source>
        <extracomment>the single-shot method that ranks the weights once, after the dense fine-tuning</extracomment>
        <translation>スコア手法</translation>
    </message>
    <message>
        <location filename="../widgets/method_texts.cpp" line="152" />
        <source>method.deepcuts.score-examples</source>
        <extracomment>the training examples scored, a seeded sample; 0: all</extracomment>
        <translation>スコアに使う訓練例の数</translation>
    </message>
    <message>
        <location filename="../widgets/method_texts.cpp" line="154" />
        <source>method.deepcuts.rewind</source>
        <extracomment>rewind the kept weights to the starting checkpoint before the masked fine-tuning</extracomment>
        <translation>保持した重みを開始時の値に戻す</translation>
    </message>
    <message>
        <location filename="../widgets/method_texts.cpp" line="156" />
        <source>method.deepcuts.scope</source>
        <extracomment>scores ranked within each matrix (DeepCuts) or over all</extracomment>
        <translation>順位付けの範囲</translation>
    </message>
    <message>
        <location filename="../widgets/method_texts.cpp" line="158" />
        <source>method.deepcuts.absolute-per-batch</source>
        <extracomment>taylor: sum each batch's |.| (true) or take |.| of the sum over batches</extracomment>
        <translation>バッチごとに絶対値 (taylor)</translation>
    </message>
    <message>
        <location filename="../widgets/method_texts.cpp" line="160" />
        <source>method.deepcuts.cam-shift</source>
        <extracomment>cam-cut: c added to the mean output (10: the shift variant, 0: plain)</extracomment>
        <translation>CAM シフト c (cam-cut)</translation>
    </message>
    <message>
        <location filename="../widgets/method_texts.cpp" line="162" />
        <source>method.deepcuts.include-padding</source>
        <extracomment>cam-cut: average over padding tokens too, as the authors' code does</extracomment>
        <translation>パディングも平均に含める (cam-cut)</translation>
    </message>
    <message>
        <location filename="../widgets/method_texts.cpp" line="164" />
        <source>method.deepcuts.samples</source>
        <extracomment>smooth-cut: the number K of noisy passes</extracomment>
        <translation>サンプル数 K (smooth-cut)</translation>
    </message>
    <message>
        <location filename="../widgets/method_texts.cpp" line="166" />
        <source>method.deepcuts.sigma</source>
        <extracomment>smooth-cut: the noise's standard deviation (relative to the embeddings' spread when on embeddings)</extracomment>
        <translation>ノイズの標準偏差 (smooth-cut)</translation>
    </message>
    <message>
        <location filename="../widgets/method_texts.cpp" line="168" />
        <source>method.deepcuts.relative-sigma</source>
        <extracomment>smooth-cut: sigma as a share of each noisy tensor's own standard deviation in the pass (every linear output's, or the embeddings')</extracomment>
        <translation>σ を各テンソル自身の標準偏差に対する比とする (smooth-cut)</translation>
    </message>
    <message>
        <location filename="../widgets/method_texts.cpp" line="170" />
        <source>method.deepcuts.noise-on</source>
        <extracomment>smooth-cut: add the noise to every linear output or to the input embeddings</extracomment>
        <translation>ノイズを加える場所 (smooth-cut)</translation>
    </message>
    <message>
        <location filename="../widgets/method_texts.cpp" line="172" />
        <source>method.deepcuts.batched</source>
        <extracomment>smooth-cut: run the K noisy copies as one batch</extracomment>
        <translation>1 バッチで実行 (smooth-cut)</translation>
    </message>
    <message>
        <location filename="../widgets/method_texts.cpp" line="174" />
        <source>method.sparsegpt</source>
        <extracomment>SparseGPT (Frantar &amp; Alistarh 2023)</extracomment>
        <translation>SparseGPT (Frantar &amp; Alistarh 2023)</translation>
    </message>
    <message>
        <location filename="../widgets/method_texts.cpp" line="176" />
        <source>method.sparsegpt.sparsity</source>
        <extracomment>the share of each block's weights pruned (unstructured)</extracomment>
        <translation>目標スパース率</translation>
    </message>
    <message>
        <location filename="../widgets/method_texts.cpp" line="178" />
        <source>method.sparsegpt.pattern</source>
        <extracomment>unstructured, or n of every m consecutive inputs kept in each row</extracomment>
        <translation>パターン</translation>
    </message>
    <message>
        <location filename="../widgets/method_texts.cpp" line="180" />
        <source>method.sparsegpt.dampening</source>
        <extracomment>lambda as a share of the mean of diag H, added to H</extracomment>
        <translation>減衰項 (diag H の平均に対する割合)</translation>
    </message>
    <message>
        <location filename="../widgets/method_texts.cpp" line="182" />
        <source>method.sparsegpt.block-size</source>
        <extracomment>B, the columns pruned before the lazy batch update</extracomment>
        <translation>ブロックの列数 B</translation>
    </message>
</context>
<context>
    <name>QObject</name>
    <message>
        <location filename="../widgets/study_dialogs.cpp" line="55" />
        <source>global: one threshold over the whole model; layer: the same fraction in every layer; tensor / row: per matrix or per output row; layer-normalized: scores divided by their layer's norm, then global</source>
        <translation>global: モデル全体で 1 つのしきい値。layer: すべての層で同じ割合。tensor / row: 行列ごと、または出力行ごと。layer-normalized: スコアをその層のノルムで割ってから global と同様に処理</translation>
    </message>
    <message>
        <location filename="../widgets/study_dialogs.cpp" line="103" />
        <source>The share of the study's sample set apart by a seeded shuffle and evaluated on; the methods score on the rest</source>
        <translation>シード付きシャッフルでスタディのサンプルから取り分けて評価に使う割合。手法は残りでスコアを計算します</translation>
    </message>
    <message>
        <location filename="../widgets/study_dialogs.cpp" line="112" />
        <source>Browse…</source>
        <translation>参照…</translation>
    </message>
</context>
<context>
    <name>main</name>
    <message>
        <location filename="../app/gui/main.cpp" line="62" />
        <source>Interactive pruning analysis of transformer models</source>
        <translation>Transformer モデルの対話的な枝刈り分析</translation>
    </message>
    <message>
        <location filename="../app/gui/main.cpp" line="65" />
        <source>Study folder to open (default: the demo study).</source>
        <translation>開くスタディフォルダー (既定: デモスタディ)。</translation>
    </message>
    <message>
        <location filename="../app/gui/main.cpp" line="67" />
        <source>Checkpoint folder to show, without a study.</source>
        <translation>スタディなしで表示するチェックポイントフォルダー。</translation>
    </message>
    <message>
        <location filename="../app/gui/main.cpp" line="82" />
        <source>--view must be heads, neurons, weights, attribution, curves or compare</source>
        <translation>--view は heads、neurons、weights、attribution、curves、compare のいずれかです</translation>
    </message>
    <message>
        <location filename="../app/gui/main.cpp" line="92" />
        <source>--report needs a study, not --model</source>
        <translation>--report にはスタディが必要です (--model ではなく)</translation>
    </message>
    <message>
        <location filename="../app/gui/main.cpp" line="100" />
        <source>Cannot write %1</source>
        <translation>%1 に書き込めません</translation>
    </message>
    <message>
        <location filename="../app/gui/main.cpp" line="144" />
        <source>Report written to %1</source>
        <translation>レポートを %1 に書き出しました</translation>
    </message>
    <message>
        <location filename="../app/gui/main.cpp" line="103" />
        <location filename="../app/gui/main.cpp" line="147" />
        <source>Picture written to %1</source>
        <translation>画像を %1 に書き出しました</translation>
    </message>
    <message>
        <location filename="../app/gui/main.cpp" line="70" />
        <source>VIEW</source>
        <translation>ビュー</translation>
    </message>
    <message>
        <location filename="../app/gui/main.cpp" line="71" />
        <source>Render the view into a PNG file and exit.</source>
        <translation>ビューを PNG ファイルに描画して終了します。</translation>
    </message>
    <message>
        <location filename="../app/gui/main.cpp" line="73" />
        <source>Render every view and a report.md into a folder and exit.</source>
        <translation>すべてのビューと report.md をフォルダーに出力して終了します。</translation>
    </message>
    <message>
        <location filename="../app/gui/main.cpp" line="66" />
        <location filename="../app/gui/main.cpp" line="68" />
        <location filename="../app/gui/main.cpp" line="74" />
        <source>DIR</source>
        <translation>フォルダー</translation>
    </message>
    <message>
        <location filename="../app/gui/main.cpp" line="69" />
        <source>View for --screenshot: heads, neurons, weights, attribution, curves or compare.</source>
        <translation>--screenshot の表示: heads、neurons、weights、attribution、curves、compare のいずれか。</translation>
    </message>
    <message>
        <location filename="../app/gui/main.cpp" line="72" />
        <source>FILE</source>
        <translation>ファイル</translation>
    </message>
</context>
<context>
    <name>prunescope::AttributionDialog</name>
    <message>
        <location filename="../widgets/study_dialogs.cpp" line="239" />
        <source>Attribution</source>
        <translation>寄与</translation>
    </message>
    <message>
        <location filename="../widgets/study_dialogs.cpp" line="241" />
        <source>gradcam: each layer's output weighted by its gradient; smoothgrad: the input gradient averaged over noisy copies</source>
        <translation>gradcam: 各層の出力をその勾配で重み付け。smoothgrad: ノイズを加えた複製で平均した入力勾配</translation>
    </message>
    <message>
        <location filename="../widgets/study_dialogs.cpp" line="245" />
        <source>The tower whose inputs are attributed: tokens (text) or image patches (vision, which needs image data)</source>
        <translation>寄与を求める入力のタワー: トークン (text) または画像パッチ (vision、画像データが必要)</translation>
    </message>
    <message>
        <location filename="../widgets/study_dialogs.cpp" line="248" />
        <source>Method:</source>
        <translation>手法:</translation>
    </message>
    <message>
        <location filename="../widgets/study_dialogs.cpp" line="249" />
        <source>Tower:</source>
        <translation>タワー:</translation>
    </message>
</context>
<context>
    <name>prunescope::AttributionView</name>
    <message>
        <location filename="../widgets/attribution_view.cpp" line="32" />
        <source>Which input of the study's first batch to show</source>
        <translation>スタディの最初のバッチのうち表示する入力</translation>
    </message>
    <message>
        <location filename="../widgets/attribution_view.cpp" line="33" />
        <source>GradCAM: the layer whose output is read (0 is the first)</source>
        <translation>GradCAM: 出力を読み取る層 (0 が最初の層)</translation>
    </message>
    <message>
        <location filename="../widgets/attribution_view.cpp" line="34" />
        <source>Explains GradCAM and SmoothGrad attribution</source>
        <translation>GradCAM と SmoothGrad による寄与を説明します</translation>
    </message>
    <message>
        <location filename="../widgets/attribution_view.cpp" line="36" />
        <source>Example:</source>
        <translation>サンプル:</translation>
    </message>
    <message>
        <location filename="../widgets/attribution_view.cpp" line="38" />
        <source>Layer:</source>
        <translation>層:</translation>
    </message>
    <message>
        <location filename="../widgets/attribution_view.cpp" line="51" />
        <source>The colour scale of this example: each token or patch coloured by its attribution relative to the largest of the example</source>
        <translation>この例の色の目盛り: 各トークンやパッチを、例の中で最大の値に対する帰属の大きさで色付けします</translation>
    </message>
    <message>
        <location filename="../widgets/attribution_view.cpp" line="173" />
        <source>%1 lowers the target</source>
        <translation>%1 ターゲットを下げる</translation>
    </message>
    <message>
        <location filename="../widgets/attribution_view.cpp" line="174" />
        <source>%1 raises it</source>
        <translation>%1 上げる</translation>
    </message>
    <message>
        <location filename="../widgets/attribution_view.cpp" line="203" />
        <source>Run an attribution (Analysis → Attribution) to see which tokens drive the output.</source>
        <translation>寄与を計算する (分析 → 寄与) と、どのトークンが出力を左右しているかが表示されます。</translation>
    </message>
    <message>
        <location filename="../widgets/attribution_view.cpp" line="213" />
        <source>%1 of %2, example %3%4</source>
        <translation>%2 に対する %1、サンプル %3%4</translation>
    </message>
    <message>
        <location filename="../widgets/attribution_view.cpp" line="216" />
        <source>, layer %1</source>
        <translation>、層 %1</translation>
    </message>
</context>
<context>
    <name>prunescope::CompareDialog</name>
    <message>
        <location filename="../widgets/study_dialogs.cpp" line="377" />
        <source>Compare</source>
        <translation>比較</translation>
    </message>
    <message>
        <location filename="../widgets/study_dialogs.cpp" line="382" />
        <source>Masks are compared by the units they prune, score maps by how they rank the units</source>
        <translation>マスクは枝刈りするユニットで、スコアマップはユニットの順位付けで比較します</translation>
    </message>
    <message>
        <location filename="../widgets/study_dialogs.cpp" line="384" />
        <source>Masks and scores:</source>
        <translation>マスクとスコア:</translation>
    </message>
</context>
<context>
    <name>prunescope::ComparisonView</name>
    <message>
        <location filename="../widgets/comparison_view.cpp" line="30" />
        <source>kept by both</source>
        <translation>両方で保持</translation>
    </message>
    <message>
        <location filename="../widgets/comparison_view.cpp" line="30" />
        <source>pruned by both</source>
        <translation>両方で枝刈り</translation>
    </message>
    <message>
        <location filename="../widgets/comparison_view.cpp" line="31" />
        <source>pruned here only</source>
        <translation>こちらだけで枝刈り</translation>
    </message>
    <message>
        <location filename="../widgets/comparison_view.cpp" line="31" />
        <source>kept here only</source>
        <translation>こちらだけで保持</translation>
    </message>
    <message>
        <location filename="../widgets/comparison_view.cpp" line="37" />
        <source>IoU of pruned units</source>
        <translation>枝刈りユニットの IoU</translation>
    </message>
    <message>
        <location filename="../widgets/comparison_view.cpp" line="39" />
        <source>Cosine of the masks</source>
        <translation>マスクのコサイン類似度</translation>
    </message>
    <message>
        <location filename="../widgets/comparison_view.cpp" line="41" />
        <source>Hamming distance</source>
        <translation>ハミング距離</translation>
    </message>
    <message>
        <location filename="../widgets/comparison_view.cpp" line="43" />
        <source>Spearman rank correlation</source>
        <translation>スピアマンの順位相関</translation>
    </message>
    <message>
        <location filename="../widgets/comparison_view.cpp" line="45" />
        <source>Kendall's tau</source>
        <translation>ケンドールのタウ</translation>
    </message>
    <message>
        <location filename="../widgets/comparison_view.cpp" line="47" />
        <source>Top-10% overlap</source>
        <translation>上位 10% の重なり</translation>
    </message>
    <message>
        <location filename="../widgets/comparison_view.cpp" line="109" />
        <source>Compare masks and score maps (Analysis → Compare) to see here how they agree.</source>
        <translation>マスクとスコアマップを比較 (分析 → 比較) すると、どこまで一致するかがここに表示されます。</translation>
    </message>
    <message>
        <location filename="../widgets/comparison_view.cpp" line="121" />
        <source>The metric of the matrix and of the curve</source>
        <translation>行列と曲線の評価指標</translation>
    </message>
    <message>
        <location filename="../widgets/comparison_view.cpp" line="122" />
        <source>The matrix over all layers, or over one layer</source>
        <translation>全層、または 1 つの層についての行列</translation>
    </message>
    <message>
        <location filename="../widgets/comparison_view.cpp" line="123" />
        <source>The map the two items are drawn on: heads or FFN neurons</source>
        <translation>2 つの項目を描くマップ: ヘッドまたは FFN ニューロン</translation>
    </message>
    <message>
        <location filename="../widgets/comparison_view.cpp" line="124" />
        <source>Explains the comparison metrics and colours</source>
        <translation>比較の指標と色を説明します</translation>
    </message>
    <message>
        <location filename="../widgets/comparison_view.cpp" line="126" />
        <source>Metric:</source>
        <translation>評価指標:</translation>
    </message>
    <message>
        <location filename="../widgets/comparison_view.cpp" line="128" />
        <source>Layers:</source>
        <translation>層:</translation>
    </message>
    <message>
        <location filename="../widgets/comparison_view.cpp" line="130" />
        <source>Items:</source>
        <translation>項目:</translation>
    </message>
    <message>
        <location filename="../widgets/comparison_view.cpp" line="133" />
        <source>The items the matrix shows: those the metric compares, grouped; one group; or all</source>
        <translation>行列に表示する項目: 指標で比べられるものをグループごとに、一つのグループ、またはすべて</translation>
    </message>
    <message>
        <location filename="../widgets/comparison_view.cpp" line="137" />
        <source>Click a cell to see that pair layer by layer</source>
        <translation>セルをクリックすると、その組を層ごとに表示します</translation>
    </message>
    <message>
        <location filename="../widgets/comparison_view.cpp" line="141" />
        <location filename="../widgets/comparison_view.cpp" line="526" />
        <source>layer</source>
        <translation>層</translation>
    </message>
    <message>
        <location filename="../widgets/comparison_view.cpp" line="153" />
        <source>Map:</source>
        <translation>マップ:</translation>
    </message>
    <message>
        <location filename="../widgets/comparison_view.cpp" line="210" />
        <source>All layers</source>
        <translation>全層</translation>
    </message>
    <message>
        <location filename="../widgets/comparison_view.cpp" line="217" />
        <source>%1 vs %2
%3: %4</source>
        <translation>%1 と %2
%3: %4</translation>
    </message>
    <message>
        <location filename="../widgets/comparison_view.cpp" line="260" />
        <source>Compared, grouped</source>
        <translation>比較できるもの (グループ順)</translation>
    </message>
    <message>
        <location filename="../widgets/comparison_view.cpp" line="261" />
        <source>All items</source>
        <translation>すべての項目</translation>
    </message>
    <message>
        <location filename="../widgets/comparison_view.cpp" line="275" />
        <source>score maps</source>
        <translation>スコアマップ</translation>
    </message>
    <message>
        <location filename="../widgets/comparison_view.cpp" line="276" />
        <source>head masks</source>
        <translation>ヘッドマスク</translation>
    </message>
    <message>
        <location filename="../widgets/comparison_view.cpp" line="277" />
        <source>neuron masks</source>
        <translation>ニューロンマスク</translation>
    </message>
    <message>
        <location filename="../widgets/comparison_view.cpp" line="278" />
        <source>masks</source>
        <translation>マスク</translation>
    </message>
    <message numerus="yes">
        <location filename="../widgets/comparison_view.cpp" line="279" />
        <source>%1 (%n)</source>
        <translation>
            <numerusform>%1 (%n)</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../widgets/comparison_view.cpp" line="357" />
        <source>%1 of %n item(s), %2</source>
        <translation>
            <numerusform>%n 項目の %1、%2</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../widgets/comparison_view.cpp" line="433" />
        <source>&lt;b&gt;%1&lt;/b&gt; vs &lt;b&gt;%2&lt;/b&gt;: no metric compares a mask with a score map</source>
        <translation>&lt;b&gt;%1&lt;/b&gt; と &lt;b&gt;%2&lt;/b&gt;: マスクとスコアマップを比べる指標はありません</translation>
    </message>
    <message>
        <location filename="../widgets/comparison_view.cpp" line="434" />
        <source>&lt;b&gt;%1&lt;/b&gt; vs &lt;b&gt;%2&lt;/b&gt;: %3 %4 over all layers</source>
        <translation>&lt;b&gt;%1&lt;/b&gt; と &lt;b&gt;%2&lt;/b&gt;: 全層で %3 %4</translation>
    </message>
    <message>
        <location filename="../widgets/comparison_view.cpp" line="476" />
        <source>%1: FFN sparsity</source>
        <translation>%1: FFN スパース率</translation>
    </message>
    <message>
        <location filename="../widgets/comparison_view.cpp" line="477" />
        <source>%1: attention sparsity</source>
        <translation>%1: アテンションのスパース率</translation>
    </message>
    <message>
        <location filename="../widgets/comparison_view.cpp" line="516" />
        <source>The head and neuron maps of these items cannot be read from the study.</source>
        <translation>これらの項目のヘッドとニューロンのマップをスタディから読み込めません。</translation>
    </message>
    <message>
        <location filename="../widgets/comparison_view.cpp" line="520" />
        <source>head</source>
        <translation>ヘッド</translation>
    </message>
    <message>
        <location filename="../widgets/comparison_view.cpp" line="520" />
        <source>neuron</source>
        <translation>ニューロン</translation>
    </message>
    <message>
        <location filename="../widgets/comparison_view.cpp" line="529" />
        <location filename="../widgets/comparison_view.cpp" line="530" />
        <source>&lt;b&gt;%1&lt;/b&gt; (%2)</source>
        <translation>&lt;b&gt;%1&lt;/b&gt; (%2)</translation>
    </message>
    <message>
        <location filename="../widgets/comparison_view.cpp" line="529" />
        <location filename="../widgets/comparison_view.cpp" line="530" />
        <source>mask</source>
        <translation>マスク</translation>
    </message>
    <message>
        <location filename="../widgets/comparison_view.cpp" line="529" />
        <location filename="../widgets/comparison_view.cpp" line="530" />
        <source>scores</source>
        <translation>スコア</translation>
    </message>
    <message>
        <location filename="../widgets/comparison_view.cpp" line="540" />
        <source>They agree on %1 of %2 units (%3%): %4 kept by both, %5 pruned by both; %6 pruned only by %7, %8 pruned only by %9.</source>
        <translation>%2 ユニット中 %1 で一致 (%3%): 両方で保持 %4、両方で枝刈り %5。%7 だけが枝刈り %6、%9 だけが枝刈り %8。</translation>
    </message>
</context>
<context>
    <name>prunescope::CurvesView</name>
    <message>
        <location filename="../widgets/curves_view.cpp" line="36" />
        <source>Run a sweep (Analysis → Sweep) to compare methods across sparsities.</source>
        <translation>スイープ (分析 → スイープ) を実行すると、スパース率ごとに手法を比較できます。</translation>
    </message>
    <message>
        <location filename="../widgets/curves_view.cpp" line="40" />
        <source>The metric plotted against sparsity</source>
        <translation>スパース率に対してプロットする評価指標</translation>
    </message>
    <message>
        <location filename="../widgets/curves_view.cpp" line="41" />
        <source>Export…</source>
        <translation>エクスポート…</translation>
    </message>
    <message>
        <location filename="../widgets/curves_view.cpp" line="42" />
        <source>Save the plot as PNG or SVG, or the numbers as CSV</source>
        <translation>プロットを PNG または SVG で、数値を CSV で保存します</translation>
    </message>
    <message>
        <location filename="../widgets/curves_view.cpp" line="43" />
        <source>Explains the accuracy-against-sparsity curves</source>
        <translation>スパース率に対する精度の曲線を説明します</translation>
    </message>
    <message>
        <location filename="../widgets/curves_view.cpp" line="45" />
        <source>Metric:</source>
        <translation>評価指標:</translation>
    </message>
    <message>
        <location filename="../widgets/curves_view.cpp" line="63" />
        <location filename="../widgets/curves_view.cpp" line="135" />
        <source>sparsity (fraction of units pruned)</source>
        <translation>スパース率 (枝刈りした単位の割合)</translation>
    </message>
    <message>
        <location filename="../widgets/curves_view.cpp" line="135" />
        <location filename="../widgets/curves_view.cpp" line="213" />
        <source>Smooth-Cut's noise sigma</source>
        <translation>Smooth-Cut のノイズ σ</translation>
    </message>
    <message>
        <location filename="../widgets/curves_view.cpp" line="155" />
        <source>%1 against %2 sparsity</source>
        <translation>%2 スパース性に対する %1</translation>
    </message>
    <message>
        <location filename="../widgets/curves_view.cpp" line="157" />
        <source>, %1 scope</source>
        <translation>、範囲 %1</translation>
    </message>
    <message>
        <location filename="../widgets/curves_view.cpp" line="158" />
        <location filename="../widgets/curves_view.cpp" line="211" />
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <location filename="../widgets/curves_view.cpp" line="164" />
        <source>%1 (mean of %2 draws, range shaded)</source>
        <translation>%1 (%2 回の抽選の平均、範囲を網掛け)</translation>
    </message>
    <message>
        <location filename="../widgets/curves_view.cpp" line="190" />
        <location filename="../widgets/curves_view.cpp" line="241" />
        <source>dense</source>
        <translation>密モデル</translation>
    </message>
    <message>
        <location filename="../widgets/curves_view.cpp" line="210" />
        <source>Smooth-Cut against Taylor as the noise grows (%1 after one-shot weight pruning)</source>
        <translation>ノイズの増加に伴う Smooth-Cut と Taylor の比較 (ワンショット重み枝刈り後の %1)</translation>
    </message>
    <message>
        <location filename="../widgets/curves_view.cpp" line="212" />
        <source>Smooth-Cut's noise sigma (share of each tensor's spread)</source>
        <translation>Smooth-Cut のノイズ σ (各テンソルの標準偏差に対する比)</translation>
    </message>
    <message>
        <location filename="../widgets/curves_view.cpp" line="215" />
        <source>Spearman with Taylor</source>
        <translation>Taylor との Spearman 相関</translation>
    </message>
    <message>
        <location filename="../widgets/curves_view.cpp" line="229" />
        <source>Smooth-Cut at %1 %</source>
        <translation>Smooth-Cut (%1 %)</translation>
    </message>
    <message>
        <location filename="../widgets/curves_view.cpp" line="236" />
        <source>Taylor at %1 %</source>
        <translation>Taylor (%1 %)</translation>
    </message>
    <message>
        <location filename="../widgets/curves_view.cpp" line="237" />
        <source>magnitude at %1 %</source>
        <translation>大きさ (%1 %)</translation>
    </message>
    <message>
        <location filename="../widgets/curves_view.cpp" line="243" />
        <source>Spearman with Taylor (right axis)</source>
        <translation>Taylor との Spearman 相関 (右軸)</translation>
    </message>
    <message>
        <location filename="../widgets/curves_view.cpp" line="269" />
        <source>PruneScope sweep</source>
        <translation>PruneScope スイープ</translation>
    </message>
    <message>
        <location filename="../widgets/curves_view.cpp" line="289" />
        <location filename="../widgets/curves_view.cpp" line="298" />
        <source>Export Curves</source>
        <translation>曲線のエクスポート</translation>
    </message>
    <message>
        <location filename="../widgets/curves_view.cpp" line="291" />
        <source>PNG image (*.png);;SVG image (*.svg);;CSV table (*.csv)</source>
        <translation>PNG 画像 (*.png);;SVG 画像 (*.svg);;CSV 表 (*.csv)</translation>
    </message>
    <message>
        <location filename="../widgets/curves_view.cpp" line="298" />
        <source>Cannot write %1.</source>
        <translation>%1 に書き込めません。</translation>
    </message>
</context>
<context>
    <name>prunescope::DataDialog</name>
    <message>
        <location filename="../widgets/study_dialogs.cpp" line="193" />
        <source>Open Data</source>
        <translation>データを開く</translation>
    </message>
</context>
<context>
    <name>prunescope::ExportDialog</name>
    <message>
        <location filename="../widgets/study_dialogs.cpp" line="271" />
        <source>Export Model</source>
        <translation>モデルをエクスポート</translation>
    </message>
    <message>
        <location filename="../widgets/study_dialogs.cpp" line="273" />
        <source>The mask the exported model applies</source>
        <translation>エクスポートするモデルに適用するマスク</translation>
    </message>
    <message>
        <location filename="../widgets/study_dialogs.cpp" line="282" />
        <source>Measure dense and pruned speed on the GPU (%1)</source>
        <translation>GPU (%1) で密モデルと枝刈り後のモデルの速度を測定</translation>
    </message>
    <message>
        <location filename="../widgets/study_dialogs.cpp" line="283" />
        <source>Times the dense model and the pruned one in PruneScope's runtime on %1, each pass replayed as a CUDA graph, batch 1 and 32 of 128 tokens, the median of 10 runs with the fastest and slowest, in the measuring precision</source>
        <translation>%1 上の PruneScope のランタイムで密モデルと枝刈り後のモデルを計時します。各パスは CUDA グラフとして再生し、128 トークンでバッチ 1 と 32、10 回の実行の中央値と最速・最遅を、測定精度で求めます</translation>
    </message>
    <message>
        <location filename="../widgets/study_dialogs.cpp" line="288" />
        <source>Measure dense and pruned speed in ONNX Runtime</source>
        <translation>ONNX Runtime で密なモデルと剪枝したモデルの速度を測る</translation>
    </message>
    <message>
        <location filename="../widgets/study_dialogs.cpp" line="275" />
        <source>shrunk: pruned FFN neurons removed, pruned heads zeroed, loads in stock transformers; zeros: original shapes; masks: the mask file and its description only; onnx: an ONNX model with every pruned head and neuron removed, for the largest speed-up</source>
        <translation>shrunk: 剪枝した FFN ニューロンを削除し、剪枝したヘッドはゼロにします。標準の transformers で読み込めます。zeros: 元の形のまま。masks: マスクファイルとその説明のみ。onnx: 剪枝したヘッドとニューロンをすべて取り除いた ONNX モデルで、最も速くなります</translation>
    </message>
    <message>
        <location filename="../widgets/study_dialogs.cpp" line="279" />
        <source>The precision of the ONNX model's weights and arithmetic</source>
        <translation>ONNX モデルの重みと演算の精度</translation>
    </message>
    <message>
        <location filename="../widgets/study_dialogs.cpp" line="289" />
        <source>Times the dense model and the export in ONNX Runtime on this machine's CPU, batch 1 and 32 of 128 tokens, the median of 10 runs with the fastest and slowest</source>
        <translation>このマシンの CPU 上の ONNX Runtime で密モデルとエクスポートを計時します: 128 トークンでバッチ 1 と 32、10 回の実行の中央値と最速・最遅</translation>
    </message>
    <message>
        <location filename="../widgets/study_dialogs.cpp" line="293" />
        <source>The precision the GPU measures both models in (bfloat16 is what tensor cores run fastest); the export itself keeps the ONNX precision</source>
        <translation>GPU が両モデルを測定する精度 (テンソルコアが最も速く実行するのは bfloat16)。エクスポート自体は ONNX の精度のままです</translation>
    </message>
    <message>
        <location filename="../widgets/study_dialogs.cpp" line="296" />
        <source>When layers keep different numbers of neurons: pad the narrower ones with zero units (exact) or give every layer the mean width (changes the mask)</source>
        <translation>層ごとに残るニューロン数が異なる場合: 狭い層をゼロのユニットで埋める (厳密) か、すべての層を平均の幅にする (マスクが変わります)</translation>
    </message>
    <message>
        <location filename="../widgets/study_dialogs.cpp" line="299" />
        <source>Round each FFN width up to a multiple of this with zero units (exact): bfloat16 and float16 tensor cores want multiples of 8, and an unaligned width can make the pruned model slower than the dense one on a GPU</source>
        <translation>各 FFN の幅をゼロのユニットでこの値の倍数に切り上げます (厳密): bfloat16 と float16 の Tensor コアは 8 の倍数を必要とし、揃っていない幅では GPU 上で枝刈りしたモデルが密なモデルより遅くなることがあります</translation>
    </message>
    <message>
        <location filename="../widgets/study_dialogs.cpp" line="303" />
        <source>The largest weight file: a larger model is written in shards of at most this size with an index, as save_pretrained writes it (5GB, 500MB, 2GiB or bytes)</source>
        <translation>重みファイルの最大の大きさ: これより大きいモデルは、save_pretrained と同じく、この大きさ以下のシャードとインデックスに分けて書き出します (5GB、500MB、2GiB またはバイト数)</translation>
    </message>
    <message>
        <location filename="../widgets/study_dialogs.cpp" line="308" />
        <source>Mask:</source>
        <translation>マスク:</translation>
    </message>
    <message>
        <location filename="../widgets/study_dialogs.cpp" line="309" />
        <source>Mode:</source>
        <translation>モード:</translation>
    </message>
    <message>
        <location filename="../widgets/study_dialogs.cpp" line="310" />
        <source>Uneven layers:</source>
        <translation>不揃いな層:</translation>
    </message>
    <message>
        <location filename="../widgets/study_dialogs.cpp" line="311" />
        <source>Align widths to:</source>
        <translation>幅の揃え:</translation>
    </message>
    <message>
        <location filename="../widgets/study_dialogs.cpp" line="312" />
        <source>ONNX precision:</source>
        <translation>ONNX の精度：</translation>
    </message>
    <message>
        <location filename="../widgets/study_dialogs.cpp" line="315" />
        <source>Measure in:</source>
        <translation>測定精度:</translation>
    </message>
    <message>
        <location filename="../widgets/study_dialogs.cpp" line="318" />
        <source>Shard size:</source>
        <translation>シャードの大きさ:</translation>
    </message>
    <message>
        <location filename="../widgets/study_dialogs.cpp" line="319" />
        <source>New folder:</source>
        <translation>新しいフォルダー:</translation>
    </message>
    <message>
        <location filename="../widgets/study_dialogs.cpp" line="320" />
        <source>The export goes into a new folder; one that holds files is replaced only if you agree</source>
        <translation>エクスポートは新しいフォルダーに書き出されます。ファイルのあるフォルダーは同意した場合にのみ置き換えられます</translation>
    </message>
    <message>
        <location filename="../widgets/study_dialogs.cpp" line="322" />
        <source>Result:</source>
        <translation>結果:</translation>
    </message>
    <message>
        <location filename="../widgets/study_dialogs.cpp" line="325" />
        <source>Export</source>
        <translation>エクスポート</translation>
    </message>
</context>
<context>
    <name>prunescope::ExportPreviewPlot</name>
    <message>
        <location filename="../widgets/export_preview_plot.cpp" line="27" />
        <source>share of the source kept</source>
        <translation>元のモデルから残る割合</translation>
    </message>
    <message>
        <location filename="../widgets/export_preview_plot.cpp" line="29" />
        <source>Size after export, by layer</source>
        <translation>エクスポート後の大きさ (層ごと)</translation>
    </message>
    <message>
        <location filename="../widgets/export_preview_plot.cpp" line="48" />
        <source>FFN neurons the mask keeps</source>
        <translation>マスクが残す FFN ニューロン</translation>
    </message>
    <message>
        <location filename="../widgets/export_preview_plot.cpp" line="48" />
        <source>FFN width in the export</source>
        <translation>エクスポートの FFN の幅</translation>
    </message>
    <message>
        <location filename="../widgets/export_preview_plot.cpp" line="48" />
        <source>heads the mask keeps</source>
        <translation>マスクが残すヘッド</translation>
    </message>
    <message>
        <location filename="../widgets/export_preview_plot.cpp" line="49" />
        <source>heads in the export</source>
        <translation>エクスポートのヘッド</translation>
    </message>
    <message>
        <location filename="../widgets/export_preview_plot.cpp" line="64" />
        <source>layer</source>
        <translation>層</translation>
    </message>
</context>
<context>
    <name>prunescope::GridPlot</name>
    <message>
        <location filename="../widgets/grid_plot.cpp" line="192" />
        <source>row</source>
        <translation>行</translation>
    </message>
    <message>
        <location filename="../widgets/grid_plot.cpp" line="193" />
        <source>column</source>
        <translation>列</translation>
    </message>
    <message>
        <location filename="../widgets/grid_plot.cpp" line="357" />
        <location filename="../widgets/grid_plot.cpp" line="359" />
        <source>%1 %2, %3 %4: %5</source>
        <translation>%1 %2、%3 %4: %5</translation>
    </message>
    <message>
        <location filename="../widgets/grid_plot.cpp" line="359" />
        <source>kept</source>
        <translation>保持</translation>
    </message>
    <message>
        <location filename="../widgets/grid_plot.cpp" line="359" />
        <source>pruned</source>
        <translation>枝刈り済み</translation>
    </message>
    <message>
        <location filename="../widgets/grid_plot.cpp" line="362" />
        <source>%1 %2, %3 %4: %5
rank %6 of %7</source>
        <translation>%1 %2、%3 %4: %5
順位 %6 / %7</translation>
    </message>
</context>
<context>
    <name>prunescope::GuidedTour</name>
    <message>
        <location filename="../widgets/guided_tour.cpp" line="38" />
        <source>A head map: one row for each layer, one cell for each attention head, coloured by how important the head is to the model's answers (Taylor scores here). Rest the pointer on a cell to read its value.</source>
        <translation>ヘッドマップ: 層ごとに 1 行、アテンションヘッドごとに 1 マスで、ヘッドがモデルの答えにどれだけ重要かで色付けしています (ここでは Taylor スコア)。マスにポインターを置くと値が読めます。</translation>
    </message>
    <message>
        <location filename="../widgets/guided_tour.cpp" line="42" />
        <source>Scoring a method: Analysis → Score runs one of the methods on the study's data; every result joins this list, where a click shows it in the maps.</source>
        <translation>手法でスコアを付ける: 分析 → スコア でスタディのデータに手法を実行します。結果はすべてこの一覧に加わり、クリックするとマップに表示します。</translation>
    </message>
    <message>
        <location filename="../widgets/guided_tour.cpp" line="45" />
        <source>Building a mask: Analysis → Mask keeps the highest-scoring units; this one prunes half of the heads (the dark cells). Edit Mask lets you toggle cells by hand.</source>
        <translation>マスクを作る: 分析 → マスク はスコアの高い単位を残します。このマスクはヘッドの半分 (暗いマス) を枝刈りします。マスクを編集 で手でマスを切り替えられます。</translation>
    </message>
    <message>
        <location filename="../widgets/guided_tour.cpp" line="48" />
        <source>Comparing masks: the matrix gives a metric for every pair of masks or score maps; click a cell to see that pair layer by layer and where the two agree.</source>
        <translation>マスクを比べる: 行列はマスクやスコアマップのすべての組の指標を示します。マスをクリックすると、その組を層ごとに、二つが一致する場所とともに表示します。</translation>
    </message>
    <message>
        <location filename="../widgets/guided_tour.cpp" line="51" />
        <source>Evaluating: F5 measures the pruned model on the study's data, and a sweep does it for every method across sparsities; the shaded band is the spread of random masks, the noise a method must beat.</source>
        <translation>評価する: F5 で枝刈りしたモデルをスタディのデータで測ります。スイープはすべての手法についてスパース性を変えて測ります。網掛けの帯はランダムなマスクのばらつきで、手法が上回るべき雑音です。</translation>
    </message>
    <message>
        <location filename="../widgets/guided_tour.cpp" line="55" />
        <source>Exporting: Analysis → Mask Profiles shows where each mask prunes, and Analysis → Export Model writes the pruned model as a smaller checkpoint, its sizes shown layer by layer before it is written.</source>
        <translation>エクスポートする: 分析 → マスクプロファイル で各マスクがどこを枝刈りするかを示し、分析 → モデルをエクスポート で枝刈りしたモデルを小さなチェックポイントとして書き出します。書き出す前に大きさを層ごとに表示します。</translation>
    </message>
    <message>
        <location filename="../widgets/guided_tour.cpp" line="67" />
        <source>Back</source>
        <translation>戻る</translation>
    </message>
    <message>
        <location filename="../widgets/guided_tour.cpp" line="76" />
        <source>Close</source>
        <translation>閉じる</translation>
    </message>
    <message>
        <location filename="../widgets/guided_tour.cpp" line="124" />
        <source>&lt;b&gt;Step %1 of %2&lt;/b&gt;&lt;br&gt;%3</source>
        <translation>&lt;b&gt;ステップ %1 / %2&lt;/b&gt;&lt;br&gt;%3</translation>
    </message>
    <message>
        <location filename="../widgets/guided_tour.cpp" line="126" />
        <source>Next</source>
        <translation>次へ</translation>
    </message>
    <message>
        <location filename="../widgets/guided_tour.cpp" line="126" />
        <source>Finish</source>
        <translation>終了</translation>
    </message>
</context>
<context>
    <name>prunescope::HeadMapView</name>
    <message>
        <location filename="../widgets/map_view.cpp" line="156" />
        <location filename="../widgets/map_view.cpp" line="204" />
        <location filename="../widgets/map_view.cpp" line="210" />
        <location filename="../widgets/map_view.cpp" line="226" />
        <source>layer</source>
        <translation>層</translation>
    </message>
    <message>
        <location filename="../widgets/map_view.cpp" line="156" />
        <location filename="../widgets/map_view.cpp" line="204" />
        <source>head</source>
        <translation>ヘッド</translation>
    </message>
    <message>
        <location filename="../widgets/map_view.cpp" line="157" />
        <source>Query heads</source>
        <translation>クエリヘッド</translation>
    </message>
    <message>
        <location filename="../widgets/map_view.cpp" line="158" />
        <source>Key-value groups</source>
        <translation>キー・バリューグループ</translation>
    </message>
    <message>
        <location filename="../widgets/map_view.cpp" line="159" />
        <source>Grouped-query attention: each query head, drawn under the key-value head it shares, or one column per key-value group (its heads' scores summed)</source>
        <translation>グループ化クエリアテンション: 共有するキー・バリューヘッドの下に描いた各クエリヘッド、またはキー・バリューグループごとに 1 列（そのヘッドのスコアの合計）</translation>
    </message>
    <message>
        <location filename="../widgets/map_view.cpp" line="210" />
        <source>query head (lines between key-value groups)</source>
        <translation>クエリヘッド（線はキー・バリューグループの境界）</translation>
    </message>
    <message>
        <location filename="../widgets/map_view.cpp" line="226" />
        <source>key-value group</source>
        <translation>キー・バリューグループ</translation>
    </message>
</context>
<context>
    <name>prunescope::JobRunner</name>
    <message>
        <location filename="../widgets/job_runner.cpp" line="90" />
        <source>%1

The device ran out of memory: choose a smaller batch size or sample in the settings, or run on the CPU.</source>
        <translation>%1

デバイスのメモリが不足しました。設定でバッチサイズまたはサンプル数を小さくするか、CPU で実行してください。</translation>
    </message>
</context>
<context>
    <name>prunescope::JobsPanel</name>
    <message>
        <location filename="../widgets/jobs_panel.cpp" line="21" />
        <source>Job</source>
        <translation>ジョブ</translation>
    </message>
    <message>
        <location filename="../widgets/jobs_panel.cpp" line="21" />
        <source>Progress</source>
        <translation>進捗</translation>
    </message>
    <message>
        <location filename="../widgets/jobs_panel.cpp" line="21" />
        <source>Elapsed / remaining</source>
        <translation>経過 / 残り</translation>
    </message>
    <message>
        <location filename="../widgets/jobs_panel.cpp" line="21" />
        <source>State</source>
        <translation>状態</translation>
    </message>
    <message>
        <location filename="../widgets/jobs_panel.cpp" line="27" />
        <source>Long operations run here, off the window's thread; cancel one with its button.</source>
        <translation>時間のかかる処理は、ウィンドウのスレッドとは別にここで実行されます。各ジョブのボタンでキャンセルできます。</translation>
    </message>
    <message>
        <location filename="../widgets/jobs_panel.cpp" line="31" />
        <source>Clear Finished</source>
        <translation>終了したジョブを消去</translation>
    </message>
    <message>
        <location filename="../widgets/jobs_panel.cpp" line="32" />
        <source>Remove the jobs that have ended from the list</source>
        <translation>終了したジョブを一覧から削除します</translation>
    </message>
    <message>
        <location filename="../widgets/jobs_panel.cpp" line="61" />
        <location filename="../widgets/jobs_panel.cpp" line="63" />
        <source>%1 s</source>
        <translation>%1 秒</translation>
    </message>
    <message>
        <location filename="../widgets/jobs_panel.cpp" line="64" />
        <source>%1 min %2 s</source>
        <translation>%1 分 %2 秒</translation>
    </message>
    <message>
        <location filename="../widgets/jobs_panel.cpp" line="109" />
        <source>Cancel</source>
        <translation>キャンセル</translation>
    </message>
    <message>
        <location filename="../widgets/jobs_panel.cpp" line="110" />
        <source>Stop this job; it leaves no result and no partial file</source>
        <translation>このジョブを停止します。結果も途中までのファイルも残りません</translation>
    </message>
    <message>
        <location filename="../widgets/jobs_panel.cpp" line="131" />
        <source>%1 / %2</source>
        <translation>%1 / %2</translation>
    </message>
    <message>
        <location filename="../widgets/jobs_panel.cpp" line="135" />
        <source>Cancelling…</source>
        <translation>キャンセル中…</translation>
    </message>
    <message>
        <location filename="../widgets/jobs_panel.cpp" line="138" />
        <source>Done</source>
        <translation>完了</translation>
    </message>
    <message>
        <location filename="../widgets/jobs_panel.cpp" line="143" />
        <source>Cancelled</source>
        <translation>キャンセル済み</translation>
    </message>
    <message>
        <location filename="../widgets/jobs_panel.cpp" line="146" />
        <source>Failed: %1</source>
        <translation>失敗: %1</translation>
    </message>
    <message>
        <location filename="../widgets/jobs_panel.cpp" line="157" />
        <source>Show what this job made</source>
        <translation>このジョブが作ったものを表示します</translation>
    </message>
</context>
<context>
    <name>prunescope::MainWindow</name>
    <message>
        <location filename="../widgets/main_window.cpp" line="105" />
        <location filename="../widgets/main_window.cpp" line="486" />
        <source>PruneScope</source>
        <translation>PruneScope</translation>
    </message>
    <message>
        <location filename="../widgets/main_window_actions.cpp" line="97" />
        <source>&amp;File</source>
        <translation>ファイル(&amp;F)</translation>
    </message>
    <message>
        <location filename="../widgets/main_window_actions.cpp" line="124" />
        <source>&amp;Quit</source>
        <translation>終了(&amp;Q)</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="142" />
        <source>Ready</source>
        <translation>準備完了</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="48" />
        <source>Scores</source>
        <translation>スコア</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="49" />
        <source>Masks</source>
        <translation>マスク</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="50" />
        <source>Attributions</source>
        <translation>寄与</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="51" />
        <source>Sweeps</source>
        <translation>スイープ</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="52" />
        <source>Comparisons</source>
        <translation>比較</translation>
    </message>
    <message>
        <location filename="../widgets/study_controller.cpp" line="35" />
        <source>%1 %2 on %3 examples</source>
        <translation>%1 %2 (%3 サンプル)</translation>
    </message>
    <message>
        <location filename="../widgets/study_controller.cpp" line="40" />
        <source>, mask sparsity %1</source>
        <translation>、マスクのスパース率 %1</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="108" />
        <source>Heads</source>
        <translation>ヘッド</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="109" />
        <source>Neurons</source>
        <translation>ニューロン</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="110" />
        <source>Weights</source>
        <translation>重み</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="111" />
        <source>Attribution</source>
        <translation>寄与</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="112" />
        <source>Curves</source>
        <translation>曲線</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="113" />
        <location filename="../widgets/main_window_actions.cpp" line="440" />
        <source>Compare</source>
        <translation>比較</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="114" />
        <source>Training</source>
        <translation>トレーニング</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="115" />
        <source>Profiles</source>
        <translation>プロファイル</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="119" />
        <source>The last evaluation of the dense model and of the mask being edited</source>
        <translation>密モデルと編集中のマスクの直近の評価結果</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="207" />
        <source>Exported to %1</source>
        <translation>%1 にエクスポートしました</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="251" />
        <source>%1: done</source>
        <translation>%1: 完了</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="245" />
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="53" />
        <source>Noise Scans</source>
        <translation>ノイズ走査</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="246" />
        <source>%1 failed</source>
        <translation>%1 が失敗しました</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="248" />
        <location filename="../widgets/main_window.cpp" line="249" />
        <source>%1: cancelled</source>
        <translation>%1: キャンセルされました</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="252" />
        <source>%1: done in %2</source>
        <translation>%1: 完了 (%2)</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="159" />
        <source>Study items</source>
        <translation>スタディの項目</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="160" />
        <source>The study's scores, masks, attributions and sweeps; click one to show it</source>
        <translation>スタディのスコア、マスク、寄与、スイープ。クリックすると表示します</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="164" />
        <source>Study</source>
        <translation>スタディ</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="168" />
        <source>Jobs</source>
        <translation>ジョブ</translation>
    </message>
    <message>
        <location filename="../widgets/main_window_actions.cpp" line="98" />
        <source>&amp;New Study…</source>
        <translation>新規スタディ(&amp;N)…</translation>
    </message>
    <message>
        <location filename="../widgets/main_window_actions.cpp" line="100" />
        <source>Start a study: a folder for a checkpoint, its data and the results</source>
        <translation>スタディを開始します: チェックポイント、そのデータ、結果を入れるフォルダーです</translation>
    </message>
    <message>
        <location filename="../widgets/main_window_actions.cpp" line="101" />
        <source>&amp;Open Study…</source>
        <translation>スタディを開く(&amp;O)…</translation>
    </message>
    <message>
        <location filename="../widgets/main_window_actions.cpp" line="103" />
        <source>Open a study folder (study.json)</source>
        <translation>スタディフォルダー (study.json) を開きます</translation>
    </message>
    <message>
        <location filename="../widgets/main_window_actions.cpp" line="104" />
        <source>Open &amp;Recent</source>
        <translation>最近使ったスタディ(&amp;R)</translation>
    </message>
    <message>
        <location filename="../widgets/main_window_actions.cpp" line="71" />
        <source>Open &amp;Demo Study</source>
        <translation>デモスタディを開く(&amp;D)</translation>
    </message>
    <message>
        <location filename="../widgets/main_window_actions.cpp" line="72" />
        <source>Your copy of the built-in demo study, with what you added to it: the demo BERT on WordNet glosses with every method's scores, movement and GUM, masks, sweeps and a comparison</source>
        <translation>組み込みデモスタディのあなたのコピー (追加したものを含む): WordNet の語釈で学習したデモ BERT と、各手法のスコア、movement と GUM、マスク、スイープ、比較</translation>
    </message>
    <message>
        <location filename="../widgets/main_window_actions.cpp" line="74" />
        <source>Reset Demo Study…</source>
        <translation>デモスタディをリセット…</translation>
    </message>
    <message>
        <location filename="../widgets/main_window_actions.cpp" line="75" />
        <source>Replace your copy of the demo study by a fresh one, deleting what you added to it</source>
        <translation>デモスタディのコピーを新しいものに置き換えます。追加したものは削除されます</translation>
    </message>
    <message>
        <location filename="../widgets/main_window_actions.cpp" line="81" />
        <source>Open &amp;Image Demo Study</source>
        <translation>画像デモスタディを開く(&amp;I)</translation>
    </message>
    <message>
        <location filename="../widgets/main_window_actions.cpp" line="82" />
        <source>Your copy of the built-in image demo study, with what you added to it: the demo ViT on 500 Fashion-MNIST test images with scores, head and neuron masks, head and neuron sweeps, Grad-CAM and SmoothGrad patch maps drawn over the images, and a comparison</source>
        <translation>組み込み画像デモスタディのあなたのコピー (追加したものを含む): Fashion-MNIST のテスト画像 500 枚で動くデモ ViT と、スコア、ヘッドとニューロンのマスク、ヘッドとニューロンのスイープ、画像に重ねて描いた Grad-CAM と SmoothGrad のパッチマップ、比較</translation>
    </message>
    <message>
        <location filename="../widgets/main_window_actions.cpp" line="85" />
        <source>Reset Image Demo Study…</source>
        <translation>画像デモスタディをリセット…</translation>
    </message>
    <message>
        <location filename="../widgets/main_window_actions.cpp" line="86" />
        <source>Replace your copy of the image demo study by a fresh one, deleting what you added to it</source>
        <translation>画像デモスタディのコピーを新しいものに置き換えます。追加したものは削除されます</translation>
    </message>
    <message>
        <location filename="../widgets/main_window_actions.cpp" line="87" />
        <source>Reset Image Demo Study</source>
        <translation>画像デモスタディをリセット</translation>
    </message>
    <message>
        <location filename="../widgets/main_window_actions.cpp" line="88" />
        <source>Replace your copy of the image demo study (%1) by a fresh one? What you added to it, such as scores, masks, exports and trained models inside it, is deleted.</source>
        <translation>画像デモスタディのコピー (%1) を新しいものに置き換えますか? その中に追加したスコア、マスク、エクスポート、学習済みモデルなどは削除されます。</translation>
    </message>
    <message>
        <location filename="../widgets/main_window_actions.cpp" line="90" />
        <source>The image demo study is as it shipped</source>
        <translation>画像デモスタディは出荷時の状態に戻りました</translation>
    </message>
    <message>
        <location filename="../widgets/main_window_actions.cpp" line="111" />
        <source>&amp;Save</source>
        <translation>保存(&amp;S)</translation>
    </message>
    <message>
        <location filename="../widgets/study_controller.cpp" line="343" />
        <source>Save</source>
        <translation>保存</translation>
    </message>
    <message>
        <location filename="../widgets/main_window_actions.cpp" line="113" />
        <source>Save &amp;As…</source>
        <translation>名前を付けて保存(&amp;A)…</translation>
    </message>
    <message>
        <location filename="../widgets/main_window_actions.cpp" line="116" />
        <source>Open &amp;Checkpoint…</source>
        <translation>チェックポイントを開く(&amp;C)…</translation>
    </message>
    <message>
        <location filename="../widgets/main_window_actions.cpp" line="117" />
        <source>Set the study's checkpoint folder (config.json + model.safetensors)</source>
        <translation>スタディのチェックポイントフォルダー (config.json + model.safetensors) を設定します</translation>
    </message>
    <message>
        <location filename="../widgets/main_window_actions.cpp" line="118" />
        <source>Open &amp;Data…</source>
        <translation>データを開く(&amp;D)…</translation>
    </message>
    <message>
        <location filename="../widgets/main_window_actions.cpp" line="120" />
        <source>Choose the study's dataset and its columns; it is read once to check it</source>
        <translation>スタディのデータセットと列を選びます。確認のため一度読み込みます</translation>
    </message>
    <message>
        <location filename="../widgets/main_window_actions.cpp" line="122" />
        <source>Se&amp;ttings…</source>
        <translation>設定(&amp;T)…</translation>
    </message>
    <message>
        <location filename="../widgets/main_window_actions.cpp" line="131" />
        <source>&amp;Edit</source>
        <translation>編集(&amp;E)</translation>
    </message>
    <message>
        <location filename="../widgets/main_window_actions.cpp" line="132" />
        <source>&amp;Undo</source>
        <translation>元に戻す(&amp;U)</translation>
    </message>
    <message>
        <location filename="../widgets/main_window_actions.cpp" line="134" />
        <source>&amp;Redo</source>
        <translation>やり直し(&amp;R)</translation>
    </message>
    <message>
        <location filename="../widgets/main_window_actions.cpp" line="139" />
        <source>&amp;Edit Mask on the Maps</source>
        <translation>マップ上でマスクを編集(&amp;E)</translation>
    </message>
    <message>
        <location filename="../widgets/main_window_actions.cpp" line="142" />
        <source>Click heads or neurons of the open mask to prune or restore them</source>
        <translation>開いているマスクのヘッドやニューロンをクリックして、枝刈りまたは復元します</translation>
    </message>
    <message>
        <location filename="../widgets/main_window_actions.cpp" line="144" />
        <source>E&amp;valuate Mask</source>
        <translation>マスクを評価(&amp;V)</translation>
    </message>
    <message>
        <location filename="../widgets/main_window_actions.cpp" line="146" />
        <source>Evaluate the model with the mask being edited on the study's data</source>
        <translation>編集中のマスクを適用したモデルを、スタディのデータで評価します</translation>
    </message>
    <message>
        <location filename="../widgets/main_window_actions.cpp" line="147" />
        <source>Save Edited &amp;Mask</source>
        <translation>編集したマスクを保存(&amp;M)</translation>
    </message>
    <message>
        <location filename="../widgets/main_window_actions.cpp" line="148" />
        <source>Add the edited mask to the study as a new item</source>
        <translation>編集したマスクを新しい項目としてスタディに追加します</translation>
    </message>
    <message>
        <location filename="../widgets/main_window_actions.cpp" line="153" />
        <source>&amp;Analysis</source>
        <translation>分析(&amp;A)</translation>
    </message>
    <message>
        <location filename="../widgets/main_window_actions.cpp" line="154" />
        <source>&amp;Score…</source>
        <translation>スコア計算(&amp;S)…</translation>
    </message>
    <message>
        <location filename="../widgets/main_window_actions.cpp" line="156" />
        <source>Compute importance scores of every head, neuron and weight</source>
        <translation>すべてのヘッド、ニューロン、重みの重要度スコアを計算します</translation>
    </message>
    <message>
        <location filename="../widgets/main_window_actions.cpp" line="157" />
        <source>Build &amp;Mask…</source>
        <translation>マスクを作成(&amp;M)…</translation>
    </message>
    <message>
        <location filename="../widgets/main_window_actions.cpp" line="159" />
        <source>Prune a fraction of units by their scores</source>
        <translation>スコアに基づいて一定割合の単位を枝刈りします</translation>
    </message>
    <message>
        <location filename="../widgets/main_window_actions.cpp" line="160" />
        <source>&amp;Attribution…</source>
        <translation>寄与(&amp;A)…</translation>
    </message>
    <message>
        <location filename="../widgets/main_window_actions.cpp" line="161" />
        <source>Which tokens or patches drive the output (GradCAM, SmoothGrad)</source>
        <translation>どのトークンやパッチが出力を左右しているか (GradCAM、SmoothGrad)</translation>
    </message>
    <message>
        <location filename="../widgets/main_window_actions.cpp" line="162" />
        <source>S&amp;weep…</source>
        <translation>スイープ(&amp;W)…</translation>
    </message>
    <message>
        <location filename="../widgets/main_window_actions.cpp" line="163" />
        <source>Metric against sparsity for several methods</source>
        <translation>複数の手法について、スパース率に対する評価指標を求めます</translation>
    </message>
    <message>
        <location filename="../widgets/main_window_actions.cpp" line="164" />
        <source>Smooth-Cut &amp;Noise Scan…</source>
        <translation>Smooth-Cut ノイズ走査(&amp;N)…</translation>
    </message>
    <message>
        <location filename="../widgets/main_window_actions.cpp" line="165" />
        <source>How Smooth-Cut's ranking departs from Taylor's as its noise grows: rank correlation and one-shot accuracy against sigma</source>
        <translation>ノイズが大きくなるにつれて Smooth-Cut の順位が Taylor からどれだけ離れるか: σ に対する順位相関とワンショット精度</translation>
    </message>
    <message>
        <location filename="../widgets/main_window_actions.cpp" line="167" />
        <source>&amp;Compare…</source>
        <translation>比較(&amp;C)…</translation>
    </message>
    <message>
        <location filename="../widgets/main_window_actions.cpp" line="169" />
        <source>How far masks and score maps agree: matrices, layer curves, maps side by side</source>
        <translation>マスクとスコアマップの一致度: 行列、層ごとの曲線、並べたマップ</translation>
    </message>
    <message>
        <location filename="../widgets/main_window_actions.cpp" line="170" />
        <source>Neuron &amp;Redundancy</source>
        <translation>ニューロンの冗長性(&amp;R)</translation>
    </message>
    <message>
        <location filename="../widgets/main_window_actions.cpp" line="171" />
        <source>How alike the FFN neurons are under the open mask (or in the dense model): uniqueness and near-copies per layer, beside the neuron map</source>
        <translation>開いているマスク (または密なモデル) で FFN ニューロンがどれほど似ているか: 層ごとの一意性とほぼ同一のニューロンを、ニューロンマップの横に表示します</translation>
    </message>
    <message>
        <location filename="../widgets/main_window_actions.cpp" line="173" />
        <source>Mask &amp;Profiles…</source>
        <translation>マスクのプロファイル(&amp;P)…</translation>
    </message>
    <message>
        <location filename="../widgets/main_window_actions.cpp" line="174" />
        <source>Where masks prune, by layer and component, and how much their placement and the surviving weights matter (shuffled masks, re-initialised weights)</source>
        <translation>マスクがどこを枝刈りするか (層ごと・構成要素ごと)、そして配置と残った重みがどれほど効くか (シャッフルしたマスク、再初期化した重み)</translation>
    </message>
    <message>
        <location filename="../widgets/main_window_actions.cpp" line="176" />
        <source>&amp;Train…</source>
        <translation>トレーニング(&amp;T)…</translation>
    </message>
    <message>
        <location filename="../widgets/main_window_actions.cpp" line="178" />
        <source>Fine-tune the model on the study's data, or prune it while training: movement, GUM, Instant Soup Pruning, Adapting by Pruning, IMP, N:M patterns</source>
        <translation>スタディのデータでモデルを微調整するか、訓練しながら枝刈りします: movement、GUM、Instant Soup Pruning、Adapting by Pruning、IMP、N:M パターン</translation>
    </message>
    <message>
        <location filename="../widgets/main_window_actions.cpp" line="181" />
        <source>&amp;Export Model…</source>
        <translation>モデルをエクスポート(&amp;E)…</translation>
    </message>
    <message>
        <location filename="../widgets/main_window_actions.cpp" line="183" />
        <source>Write a mask's pruned model as a new checkpoint folder that stock transformers loads</source>
        <translation>マスクで枝刈りしたモデルを、標準の transformers で読み込める新しいチェックポイントフォルダーとして書き出します</translation>
    </message>
    <message>
        <location filename="../widgets/main_window_actions.cpp" line="190" />
        <source>&amp;View</source>
        <translation>表示(&amp;V)</translation>
    </message>
    <message>
        <location filename="../widgets/main_window_actions.cpp" line="196" />
        <source>&amp;Presentation Mode</source>
        <translation>プレゼンテーションモード(&amp;P)</translation>
    </message>
    <message>
        <location filename="../widgets/main_window_actions.cpp" line="199" />
        <source>Larger text and thicker lines, for a projector</source>
        <translation>プロジェクター向けに、文字を大きく、線を太くします</translation>
    </message>
    <message>
        <location filename="../widgets/main_window_actions.cpp" line="208" />
        <source>&amp;Help</source>
        <translation>ヘルプ(&amp;H)</translation>
    </message>
    <message>
        <location filename="../widgets/main_window_actions.cpp" line="209" />
        <source>Guided &amp;Tour</source>
        <translation>ガイドツアー(&amp;T)</translation>
    </message>
    <message>
        <location filename="../widgets/main_window_actions.cpp" line="210" />
        <source>&amp;About PruneScope</source>
        <translation>PruneScope について(&amp;A)</translation>
    </message>
    <message>
        <location filename="../widgets/main_window_actions.cpp" line="211" />
        <source>About PruneScope</source>
        <translation>PruneScope について</translation>
    </message>
    <message>
        <location filename="../widgets/main_window_actions.cpp" line="212" />
        <source>&lt;b&gt;PruneScope %1&lt;/b&gt;&lt;p&gt;Interactive pruning analysis of transformer models: importance scores, masks, attribution and sweeps for %2 checkpoints.&lt;/p&gt;</source>
        <translation>&lt;b&gt;PruneScope %1&lt;/b&gt;&lt;p&gt;Transformer モデルの対話的な枝刈り分析: %2 のチェックポイントの重要度スコア、マスク、アトリビューション、スイープ。&lt;/p&gt;</translation>
    </message>
    <message>
        <location filename="../widgets/main_window_actions.cpp" line="220" />
        <source>Main</source>
        <translation>メイン</translation>
    </message>
    <message>
        <location filename="../widgets/main_window_actions.cpp" line="253" />
        <source>(no one to answer: no)</source>
        <translation>(応答する人がいないため: いいえ)</translation>
    </message>
    <message>
        <location filename="../widgets/study_controller.cpp" line="211" />
        <source>%1 lies in PruneScope's installation, which is never written: choose a folder of your own, such as one in your documents.</source>
        <translation>%1 は PruneScope のインストール先にあり、そこには書き込みません。ドキュメント内など、自分のフォルダーを選んでください。</translation>
    </message>
    <message>
        <location filename="../widgets/main_window_actions.cpp" line="275" />
        <source>%1 exists and is not empty: choose a new folder.</source>
        <translation>%1 は既に存在し、空ではありません。新しいフォルダーを選んでください。</translation>
    </message>
    <message>
        <location filename="../widgets/main_window_actions.cpp" line="279" />
        <source>%1 exists and is not empty. Replace it? The new folder is written beside it and takes its place only when complete; files there that PruneScope did not write are kept in a folder beside it.</source>
        <translation>%1 は既に存在し、空ではありません。置き換えますか? 新しいフォルダーは隣に書き出され、完成してから置き換わります。PruneScope が書いていないファイルは隣のフォルダーに残されます。</translation>
    </message>
    <message>
        <location filename="../widgets/study_controller.cpp" line="233" />
        <source>The device setting cannot be used on this machine (%1). Jobs run on the CPU; change the device in File → Settings.</source>
        <translation>デバイスの設定はこのマシンでは使えません (%1)。ジョブは CPU で実行されます。ファイル → 設定 でデバイスを変更してください。</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="262" />
        <source>Computing on the CPU</source>
        <translation>CPU で計算中</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="265" />
        <source>Device</source>
        <translation>デバイス</translation>
    </message>
    <message>
        <location filename="../widgets/study_controller.cpp" line="277" />
        <location filename="../widgets/study_controller.cpp" line="286" />
        <location filename="../widgets/study_controller.cpp" line="291" />
        <source>Open Study</source>
        <translation>スタディを開く</translation>
    </message>
    <message>
        <location filename="../widgets/study_controller.cpp" line="278" />
        <source>%1 lies in PruneScope's installation, which is never written: copy the folder to one of your own and open the copy.</source>
        <translation>%1 は PruneScope のインストール先にあり、そこには書き込みません。フォルダーを自分の場所にコピーし、そのコピーを開いてください。</translation>
    </message>
    <message>
        <location filename="../widgets/study_controller.cpp" line="286" />
        <source>Cannot open the study:
%1</source>
        <translation>スタディを開けません:
%1</translation>
    </message>
    <message>
        <location filename="../widgets/study_controller.cpp" line="292" />
        <source>The study refers to files that are not there:

%1

Use File → Open Checkpoint to point it at the model's new place.</source>
        <translation>スタディが存在しないファイルを参照しています:

%1

ファイル → チェックポイントを開く を使って、モデルの新しい場所を指定してください。</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="286" />
        <source>Opened %1</source>
        <translation>%1 を開きました</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="290" />
        <source>Cannot open the checkpoint:
%1</source>
        <translation>チェックポイントを開けません:
%1</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="292" />
        <source>Open Checkpoint</source>
        <translation>チェックポイントを開く</translation>
    </message>
    <message>
        <location filename="../widgets/study_controller.cpp" line="306" />
        <source>Demo Study</source>
        <translation>デモスタディ</translation>
    </message>
    <message>
        <location filename="../widgets/study_controller.cpp" line="310" />
        <source>Demo study: %1</source>
        <translation>デモスタディ: %1</translation>
    </message>
    <message>
        <location filename="../widgets/main_window_actions.cpp" line="76" />
        <location filename="../widgets/study_controller.cpp" line="318" />
        <location filename="../widgets/study_controller.cpp" line="332" />
        <source>Reset Demo Study</source>
        <translation>デモスタディをリセット</translation>
    </message>
    <message>
        <location filename="../widgets/study_controller.cpp" line="319" />
        <source>Jobs are running: wait for them or cancel them first.</source>
        <translation>ジョブが実行中です。終わるのを待つか、先にキャンセルしてください。</translation>
    </message>
    <message>
        <location filename="../widgets/main_window_actions.cpp" line="77" />
        <source>Replace your copy of the demo study (%1) by a fresh one? What you added to it, such as scores, masks, exports and trained models inside it, is deleted.</source>
        <translation>デモスタディのコピー (%1) を新しいものに置き換えますか? その中に追加したスコア、マスク、エクスポート、学習済みモデルなどは削除されます。</translation>
    </message>
    <message>
        <location filename="../widgets/main_window_actions.cpp" line="79" />
        <source>The demo study is as it shipped</source>
        <translation>デモスタディは出荷時の状態に戻りました</translation>
    </message>
    <message>
        <location filename="../widgets/study_controller.cpp" line="395" />
        <source>Scoring: %1</source>
        <translation>スコア計算: %1</translation>
    </message>
    <message>
        <location filename="../widgets/study_controller.cpp" line="401" />
        <source>Mask: %1 %2</source>
        <translation>マスク: %1 %2</translation>
    </message>
    <message>
        <location filename="../widgets/study_controller.cpp" line="413" />
        <source>Attribution: %1 (%2)</source>
        <translation>寄与: %1 (%2)</translation>
    </message>
    <message>
        <location filename="../widgets/study_controller.cpp" line="452" />
        <source>Reading %1</source>
        <translation>%1 を読み込み中</translation>
    </message>
    <message numerus="yes">
        <location filename="../widgets/study_controller.cpp" line="459" />
        <source>%n example(s) read from %1</source>
        <translation>
            <numerusform>%1 から %n 件の例を読み込みました</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../widgets/study_controller.cpp" line="462" />
        <source>; %n row(s) skipped, the first: %1</source>
        <translation>
            <numerusform>。%n 行をスキップ、最初の行: %1</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="208" />
        <location filename="../widgets/main_window.cpp" line="338" />
        <location filename="../widgets/main_window_actions.cpp" line="407" />
        <location filename="../widgets/study_controller.cpp" line="473" />
        <location filename="../widgets/study_controller.cpp" line="479" />
        <source>Export Model</source>
        <translation>モデルをエクスポート</translation>
    </message>
    <message>
        <location filename="../widgets/study_controller.cpp" line="473" />
        <source>The study has no mask named %1.</source>
        <translation>スタディに %1 という名前のマスクはありません。</translation>
    </message>
    <message>
        <location filename="../widgets/study_controller.cpp" line="482" />
        <source>Exporting %1</source>
        <translation>%1 をエクスポート中</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="203" />
        <source>Exported to %1: %2x faster on this device</source>
        <translation>%1 にエクスポートしました: このデバイスで %2 倍高速</translation>
    </message>
    <message>
        <location filename="../widgets/study_controller.cpp" line="504" />
        <source>Parameters %1 → %2, weights %3B → %4B</source>
        <translation>パラメーター %1 → %2、重み %3B → %4B</translation>
    </message>
    <message>
        <location filename="../widgets/study_controller.cpp" line="510" />
        <source>Note: %1</source>
        <translation>注: %1</translation>
    </message>
    <message>
        <location filename="../widgets/study_controller.cpp" line="423" />
        <source>Sweep: %1</source>
        <translation>スイープ: %1</translation>
    </message>
    <message>
        <location filename="../widgets/study_controller.cpp" line="387" />
        <source>Show</source>
        <translation>表示</translation>
    </message>
    <message>
        <location filename="../widgets/study_controller.cpp" line="432" />
        <source>Smooth-Cut noise scan</source>
        <translation>Smooth-Cut ノイズ走査</translation>
    </message>
    <message numerus="yes">
        <location filename="../widgets/study_controller.cpp" line="439" />
        <source>Comparing %n item(s)</source>
        <translation>
            <numerusform>%n 個の項目を比較中</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../widgets/study_controller.cpp" line="491" />
        <location filename="../widgets/study_controller.cpp" line="554" />
        <source>Open Folder</source>
        <translation>フォルダーを開く</translation>
    </message>
    <message>
        <location filename="../widgets/study_controller.cpp" line="523" />
        <source>under %1</source>
        <translation>%1 の下で</translation>
    </message>
    <message>
        <location filename="../widgets/study_controller.cpp" line="524" />
        <source>fine-tuning</source>
        <translation>ファインチューニング</translation>
    </message>
    <message>
        <location filename="../widgets/study_controller.cpp" line="526" />
        <source>%1 in one shot</source>
        <translation>%1 (ワンショット)</translation>
    </message>
    <message>
        <location filename="../widgets/study_controller.cpp" line="528" />
        <source>Training (%1) into %2</source>
        <translation>トレーニング (%1) の出力先: %2</translation>
    </message>
    <message>
        <location filename="../widgets/study_controller.cpp" line="533" />
        <source>Training (%1)</source>
        <translation>トレーニング (%1)</translation>
    </message>
    <message>
        <location filename="../widgets/study_controller.cpp" line="639" />
        <source>Loading the training log</source>
        <translation>学習ログを読み込み中</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="355" />
        <source>the dense model</source>
        <translation>密なモデル</translation>
    </message>
    <message>
        <location filename="../widgets/study_controller.cpp" line="563" />
        <source>Neuron redundancy of %1</source>
        <translation>%1 のニューロンの冗長性</translation>
    </message>
    <message>
        <location filename="../widgets/study_controller.cpp" line="577" />
        <source>Evaluating %1</source>
        <translation>%1 を評価中</translation>
    </message>
    <message>
        <location filename="../widgets/study_controller.cpp" line="577" />
        <source>Evaluating the dense model</source>
        <translation>密モデルを評価中</translation>
    </message>
    <message>
        <location filename="../widgets/study_controller.cpp" line="587" />
        <source>Dense model: %1</source>
        <translation>密モデル: %1</translation>
    </message>
    <message numerus="yes">
        <location filename="../widgets/study_controller.cpp" line="589" />
        <source>
With %1 (%n unit(s) changed by hand): %2</source>
        <translation>
            <numerusform>
%1 適用時 (手動で変更した単位: %n 個): %2</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../widgets/study_controller.cpp" line="616" />
        <source>Loading %1</source>
        <translation>%1 を読み込み中</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="490" />
        <source>%1[*] — PruneScope</source>
        <translation>%1[*] — PruneScope</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="547" />
        <source>Quit</source>
        <translation>終了</translation>
    </message>
    <message numerus="yes">
        <location filename="../widgets/main_window.cpp" line="548" />
        <source>%n job(s) still running. Cancel them and quit?</source>
        <translation>
            <numerusform>%n 個のジョブがまだ実行中です。キャンセルして終了しますか?</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="568" />
        <source>Unsaved Changes</source>
        <translation>未保存の変更</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="568" />
        <source>Save the changes to the study?</source>
        <translation>スタディへの変更を保存しますか?</translation>
    </message>
    <message>
        <location filename="../widgets/study_controller.cpp" line="260" />
        <location filename="../widgets/study_controller.cpp" line="266" />
        <source>New Study</source>
        <translation>新規スタディ</translation>
    </message>
    <message>
        <location filename="../widgets/main_window_actions.cpp" line="306" />
        <source>Open Study Folder</source>
        <translation>スタディフォルダーを開く</translation>
    </message>
    <message>
        <location filename="../widgets/main_window_actions.cpp" line="313" />
        <source>Save Study As (an empty folder)</source>
        <translation>スタディに名前を付けて保存 (空のフォルダー)</translation>
    </message>
    <message>
        <location filename="../widgets/main_window_actions.cpp" line="321" />
        <location filename="../widgets/main_window_actions.cpp" line="336" />
        <location filename="../widgets/main_window_actions.cpp" line="339" />
        <location filename="../widgets/study_controller.cpp" line="350" />
        <location filename="../widgets/study_controller.cpp" line="356" />
        <source>Save As</source>
        <translation>名前を付けて保存</translation>
    </message>
    <message>
        <location filename="../widgets/main_window_actions.cpp" line="336" />
        <source>%1 is not empty: choose an empty folder.</source>
        <translation>%1 は空ではありません。空のフォルダーを選んでください。</translation>
    </message>
    <message>
        <location filename="../widgets/main_window_actions.cpp" line="341" />
        <source>%1 is not empty. Save the study into it beside the files already there?</source>
        <translation>%1 は空ではありません。既存のファイルの隣にスタディを保存しますか?</translation>
    </message>
    <message>
        <location filename="../widgets/main_window_actions.cpp" line="343" />
        <source>%1 is not empty, and the study's files replace these there:

%2

Save the study into it?</source>
        <translation>%1 は空ではなく、スタディのファイルが次のファイルを置き換えます:

%2

スタディをここに保存しますか?</translation>
    </message>
    <message>
        <location filename="../widgets/main_window_actions.cpp" line="350" />
        <source>Open Checkpoint Folder</source>
        <translation>チェックポイントフォルダーを開く</translation>
    </message>
    <message>
        <location filename="../widgets/main_window_actions.cpp" line="369" />
        <source>Score</source>
        <translation>スコア計算</translation>
    </message>
    <message>
        <location filename="../widgets/main_window_actions.cpp" line="369" />
        <source>Method:</source>
        <translation>手法:</translation>
    </message>
    <message>
        <location filename="../widgets/main_window_actions.cpp" line="388" />
        <source>Build Mask</source>
        <translation>マスクを作成</translation>
    </message>
    <message>
        <location filename="../widgets/main_window_actions.cpp" line="388" />
        <source>The study has no scores yet: run Analysis → Score first.</source>
        <translation>スタディにはまだスコアがありません。先に 分析 → スコア計算 を実行してください。</translation>
    </message>
    <message>
        <location filename="../widgets/main_window_actions.cpp" line="407" />
        <source>The study has no mask yet: run Analysis → Build Mask first.</source>
        <translation>スタディにはまだマスクがありません。先に 分析 → マスクを作成 を実行してください。</translation>
    </message>
    <message>
        <location filename="../widgets/main_window_actions.cpp" line="440" />
        <source>A comparison needs two or more masks or score maps: run Analysis → Score or Build Mask first.</source>
        <translation>比較には 2 つ以上のマスクかスコアマップが必要です。先に 分析 → スコア または マスクを作成 を実行してください。</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="327" />
        <location filename="../widgets/main_window_actions.cpp" line="452" />
        <location filename="../widgets/study_controller.cpp" line="521" />
        <source>Train</source>
        <translation>トレーニング</translation>
    </message>
    <message>
        <location filename="../widgets/main_window_actions.cpp" line="452" />
        <source>The study has no data to train on: choose a dataset with File → Open Data first.</source>
        <translation>スタディに学習データがありません。先に ファイル → データを開く でデータセットを選んでください。</translation>
    </message>
    <message>
        <location filename="../widgets/main_window_actions.cpp" line="464" />
        <source>Mask Profiles</source>
        <translation>マスクのプロファイル</translation>
    </message>
    <message>
        <location filename="../widgets/main_window_actions.cpp" line="464" />
        <source>The study has no masks: build one with Analysis → Build Mask or Train first.</source>
        <translation>スタディにマスクがありません。まず 分析 → マスクを作成 または 訓練 で作ってください。</translation>
    </message>
    <message numerus="yes">
        <location filename="../widgets/study_controller.cpp" line="601" />
        <source>Mask profiles of %n mask(s)</source>
        <translation>
            <numerusform>%n 個のマスクのプロファイル</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../widgets/main_window_actions.cpp" line="477" />
        <location filename="../widgets/study_controller.cpp" line="367" />
        <source>Save Edited Mask</source>
        <translation>編集したマスクを保存</translation>
    </message>
    <message>
        <location filename="../widgets/main_window_actions.cpp" line="477" />
        <source>Name:</source>
        <translation>名前:</translation>
    </message>
    <message>
        <location filename="../widgets/main_window_actions.cpp" line="478" />
        <source>%1 edited</source>
        <translation>%1 編集済み</translation>
    </message>
    <message>
        <location filename="../widgets/main_window_actions.cpp" line="506" />
        <source>(none)</source>
        <translation>(なし)</translation>
    </message>
</context>
<context>
    <name>prunescope::MapView</name>
    <message>
        <location filename="../widgets/map_view.cpp" line="31" />
        <source>The tensor of the selected file to show</source>
        <translation>選択したファイルのうち表示するテンソル</translation>
    </message>
    <message>
        <location filename="../widgets/map_view.cpp" line="33" />
        <source>Raw values</source>
        <translation>生の値</translation>
    </message>
    <message>
        <location filename="../widgets/map_view.cpp" line="34" />
        <source>Per layer</source>
        <translation>層ごと</translation>
    </message>
    <message>
        <location filename="../widgets/map_view.cpp" line="35" />
        <source>Rank</source>
        <translation>順位</translation>
    </message>
    <message>
        <location filename="../widgets/map_view.cpp" line="36" />
        <source>Raw: the scores as they are; per layer: each layer scaled to its own range; rank: the order over the whole tensor</source>
        <translation>生の値: スコアをそのまま表示。層ごと: 各層をその層自身の範囲にスケーリング。順位: テンソル全体での順序</translation>
    </message>
    <message>
        <location filename="../widgets/map_view.cpp" line="38" />
        <source>Viridis</source>
        <translation>Viridis</translation>
    </message>
    <message>
        <location filename="../widgets/map_view.cpp" line="39" />
        <source>Thermal</source>
        <translation>サーマル</translation>
    </message>
    <message>
        <location filename="../widgets/map_view.cpp" line="40" />
        <source>Grayscale</source>
        <translation>グレースケール</translation>
    </message>
    <message>
        <location filename="../widgets/map_view.cpp" line="41" />
        <source>Polar (signed)</source>
        <translation>極性 (符号付き)</translation>
    </message>
    <message>
        <location filename="../widgets/map_view.cpp" line="42" />
        <source>The colour scale; Polar centres signed values on zero</source>
        <translation>カラースケール。極性は符号付きの値を 0 を中心に配色します</translation>
    </message>
    <message>
        <location filename="../widgets/map_view.cpp" line="43" />
        <source>Explains this view and the scores it shows</source>
        <translation>このビューと、表示されるスコアについて説明します</translation>
    </message>
    <message>
        <location filename="../widgets/map_view.cpp" line="45" />
        <source>Tensor:</source>
        <translation>テンソル:</translation>
    </message>
    <message>
        <location filename="../widgets/map_view.cpp" line="47" />
        <source>Scale:</source>
        <translation>スケール:</translation>
    </message>
    <message>
        <location filename="../widgets/map_view.cpp" line="53" />
        <location filename="../widgets/map_view.cpp" line="95" />
        <source>Select a score or mask file of the study to see it here.</source>
        <translation>スタディのスコアファイルまたはマスクファイルを選択すると、ここに表示されます。</translation>
    </message>
    <message>
        <location filename="../widgets/map_view.cpp" line="88" />
        <source>The selected file has nothing this view shows.</source>
        <translation>選択したファイルには、このビューで表示できるものがありません。</translation>
    </message>
    <message>
        <location filename="../widgets/map_view.cpp" line="139" />
        <source>mask</source>
        <translation>マスク</translation>
    </message>
    <message>
        <location filename="../widgets/map_view.cpp" line="139" />
        <source>%1 mask</source>
        <translation>%1 マスク</translation>
    </message>
    <message>
        <location filename="../widgets/map_view.cpp" line="141" />
        <source>%1 from %2 scores</source>
        <translation>%1 (%2 スコアから)</translation>
    </message>
    <message>
        <location filename="../widgets/map_view.cpp" line="143" />
        <source>%1, %2 % pruned</source>
        <translation>%1、%2 % 枝刈り</translation>
    </message>
    <message>
        <location filename="../widgets/map_view.cpp" line="146" />
        <source>%1 scores</source>
        <translation>%1 スコア</translation>
    </message>
</context>
<context>
    <name>prunescope::MaskDialog</name>
    <message>
        <location filename="../widgets/study_dialogs.cpp" line="209" />
        <source>Build Mask</source>
        <translation>マスクを作成</translation>
    </message>
    <message>
        <location filename="../widgets/study_dialogs.cpp" line="211" />
        <source>The scores the mask is built from</source>
        <translation>マスクの作成に使うスコア</translation>
    </message>
    <message>
        <location filename="../widgets/study_dialogs.cpp" line="214" />
        <source>What is pruned: heads, key-value groups (a key-value head with its query heads), FFN neurons, single weights, whole blocks, or N:M patterns</source>
        <translation>枝刈りの対象: ヘッド、キー・バリューグループ（キー・バリューヘッドとそのクエリヘッド）、FFN ニューロン、個々の重み、ブロック全体、または N:M パターン</translation>
    </message>
    <message>
        <location filename="../widgets/study_dialogs.cpp" line="218" />
        <source>The fraction of units pruned (N:M patterns fix their own)</source>
        <translation>枝刈りする単位の割合 (N:M パターンでは割合が固定されます)</translation>
    </message>
    <message>
        <location filename="../widgets/study_dialogs.cpp" line="220" />
        <source>Scores:</source>
        <translation>スコア:</translation>
    </message>
    <message>
        <location filename="../widgets/study_dialogs.cpp" line="221" />
        <source>Granularity:</source>
        <translation>粒度:</translation>
    </message>
    <message>
        <location filename="../widgets/study_dialogs.cpp" line="222" />
        <source>Scope:</source>
        <translation>範囲:</translation>
    </message>
    <message>
        <location filename="../widgets/study_dialogs.cpp" line="223" />
        <source>Sparsity:</source>
        <translation>スパース率:</translation>
    </message>
</context>
<context>
    <name>prunescope::MaskEditor</name>
    <message>
        <location filename="../widgets/mask_editor.cpp" line="12" />
        <source>Prune %1 %2:%3</source>
        <translation>%1 %2:%3 を枝刈り</translation>
    </message>
    <message>
        <location filename="../widgets/mask_editor.cpp" line="13" />
        <source>Restore %1 %2:%3</source>
        <translation>%1 %2:%3 を復元</translation>
    </message>
</context>
<context>
    <name>prunescope::MaskProfileDialog</name>
    <message>
        <location filename="../widgets/study_dialogs.cpp" line="399" />
        <source>Also evaluate: dense, under each mask, shuffled, re-initialised</source>
        <translation>評価も行う: 密、各マスク下、シャッフル、再初期化</translation>
    </message>
    <message>
        <location filename="../widgets/study_dialogs.cpp" line="401" />
        <source>Mask Profiles</source>
        <translation>マスクのプロファイル</translation>
    </message>
    <message>
        <location filename="../widgets/study_dialogs.cpp" line="404" />
        <source>The masks whose sparsity is drawn by layer and component</source>
        <translation>層ごと・構成要素ごとのスパース率を描くマスク</translation>
    </message>
    <message>
        <location filename="../widgets/study_dialogs.cpp" line="405" />
        <source>Evaluates the model on the study's data four ways per mask; takes longer</source>
        <translation>マスクごとに 4 通りでスタディのデータ上のモデルを評価します。時間がかかります</translation>
    </message>
    <message>
        <location filename="../widgets/study_dialogs.cpp" line="407" />
        <source>Masks:</source>
        <translation>マスク:</translation>
    </message>
</context>
<context>
    <name>prunescope::MaskProfileView</name>
    <message>
        <location filename="../widgets/mask_profile_view.cpp" line="34" />
        <source>Analyse masks (Analysis → Mask Profiles) to see where each one prunes.</source>
        <translation>マスクを分析する (分析 → マスクのプロファイル) と、それぞれがどこを枝刈りするかが見られます。</translation>
    </message>
    <message>
        <location filename="../widgets/mask_profile_view.cpp" line="40" />
        <source>By component</source>
        <translation>構成要素ごと</translation>
    </message>
    <message>
        <location filename="../widgets/mask_profile_view.cpp" line="41" />
        <source>By layer</source>
        <translation>層ごと</translation>
    </message>
    <message>
        <location filename="../widgets/mask_profile_view.cpp" line="42" />
        <source>Bars per component (query, key, value, attention output, FFN in, FFN out) or per layer</source>
        <translation>構成要素 (query、key、value、attention 出力、FFN 入力、FFN 出力) ごと、または層ごとの棒</translation>
    </message>
    <message>
        <location filename="../widgets/mask_profile_view.cpp" line="44" />
        <source>Sparsity:</source>
        <translation>スパース率:</translation>
    </message>
    <message>
        <location filename="../widgets/mask_profile_view.cpp" line="46" />
        <source>Explains the sparsity bars and the sensitivity tests</source>
        <translation>スパース率の棒と感度テストを説明します</translation>
    </message>
    <message>
        <location filename="../widgets/mask_profile_view.cpp" line="56" />
        <source>share of weights pruned</source>
        <translation>枝刈りされた重みの割合</translation>
    </message>
    <message>
        <location filename="../widgets/mask_profile_view.cpp" line="112" />
        <source>Where the masks prune: the share of weights by layer</source>
        <translation>マスクが枝刈りする場所: 層ごとの重みの割合</translation>
    </message>
    <message>
        <location filename="../widgets/mask_profile_view.cpp" line="113" />
        <source>Where the masks prune: the share of weights by component</source>
        <translation>マスクが枝刈りする場所: 構成要素ごとの重みの割合</translation>
    </message>
    <message>
        <location filename="../widgets/mask_profile_view.cpp" line="119" />
        <source>layer</source>
        <translation>層</translation>
    </message>
    <message>
        <location filename="../widgets/mask_profile_view.cpp" line="119" />
        <source>component</source>
        <translation>構成要素</translation>
    </message>
    <message>
        <location filename="../widgets/mask_profile_view.cpp" line="127" />
        <source>%1 (%2 % overall)</source>
        <translation>%1 (全体 %2 %)</translation>
    </message>
    <message>
        <location filename="../widgets/mask_profile_view.cpp" line="140" />
        <source>&lt;table cellspacing="6"&gt;&lt;tr&gt;&lt;th align="left"&gt;mask&lt;/th&gt;&lt;th&gt;%1 dense&lt;/th&gt;&lt;th&gt;under the mask&lt;/th&gt;&lt;th&gt;mask shuffled&lt;/th&gt;&lt;th&gt;weights re-initialised&lt;/th&gt;&lt;/tr&gt;</source>
        <translation>&lt;table cellspacing="6"&gt;&lt;tr&gt;&lt;th align="left"&gt;マスク&lt;/th&gt;&lt;th&gt;%1 密&lt;/th&gt;&lt;th&gt;マスク下&lt;/th&gt;&lt;th&gt;マスクをシャッフル&lt;/th&gt;&lt;th&gt;重みを再初期化&lt;/th&gt;&lt;/tr&gt;</translation>
    </message>
</context>
<context>
    <name>prunescope::MethodOptionsDialog</name>
    <message>
        <location filename="../widgets/method_options_form.cpp" line="140" />
        <source>Options of %1</source>
        <translation>%1 のオプション</translation>
    </message>
</context>
<context>
    <name>prunescope::MethodOptionsForm</name>
    <message>
        <location filename="../widgets/method_options_form.cpp" line="105" />
        <source>This method has no options.</source>
        <translation>この手法にはオプションがありません。</translation>
    </message>
</context>
<context>
    <name>prunescope::ModelPanel</name>
    <message>
        <location filename="../widgets/model_panel.cpp" line="34" />
        <source>Property</source>
        <translation>項目</translation>
    </message>
    <message>
        <location filename="../widgets/model_panel.cpp" line="34" />
        <source>Value</source>
        <translation>値</translation>
    </message>
    <message>
        <location filename="../widgets/model_panel.cpp" line="36" />
        <source>The structure of the open checkpoint: the units that can be pruned</source>
        <translation>開いているチェックポイントの構造: 枝刈りできる単位</translation>
    </message>
    <message>
        <location filename="../widgets/model_panel.cpp" line="46" />
        <source>No model open. Use File → Open Checkpoint.</source>
        <translation>モデルが開かれていません。ファイル → チェックポイントを開く を使ってください。</translation>
    </message>
    <message>
        <location filename="../widgets/model_panel.cpp" line="53" />
        <source>&lt;b&gt;%1&lt;/b&gt;&lt;br&gt;%2</source>
        <translation>&lt;b&gt;%1&lt;/b&gt;&lt;br&gt;%2</translation>
    </message>
    <message>
        <location filename="../widgets/model_panel.cpp" line="57" />
        <source>Model</source>
        <translation>モデル</translation>
    </message>
    <message>
        <location filename="../widgets/model_panel.cpp" line="58" />
        <source>Family</source>
        <translation>ファミリー</translation>
    </message>
    <message>
        <location filename="../widgets/model_panel.cpp" line="58" />
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <location filename="../widgets/model_panel.cpp" line="60" />
        <source>Architecture</source>
        <translation>アーキテクチャ</translation>
    </message>
    <message>
        <location filename="../widgets/model_panel.cpp" line="61" />
        <source>Parameters</source>
        <translation>パラメーター</translation>
    </message>
    <message>
        <location filename="../widgets/model_panel.cpp" line="61" />
        <source>%1 in %2 tensors</source>
        <translation>%1 (%2 テンソル)</translation>
    </message>
    <message>
        <location filename="../widgets/model_panel.cpp" line="62" />
        <source>On disk</source>
        <translation>ディスク上</translation>
    </message>
    <message numerus="yes">
        <location filename="../widgets/model_panel.cpp" line="62" />
        <source>%1B in %n file(s)</source>
        <translation>
            <numerusform>%1B (%n ファイル)</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../widgets/model_panel.cpp" line="64" />
        <source>Stored as %1</source>
        <translation>%1 で保存</translation>
    </message>
    <message>
        <location filename="../widgets/model_panel.cpp" line="66" />
        <source>Device in use</source>
        <translation>使用中のデバイス</translation>
    </message>
    <message>
        <location filename="../widgets/model_panel.cpp" line="70" />
        <source>Tower: %1</source>
        <translation>タワー: %1</translation>
    </message>
    <message>
        <location filename="../widgets/model_panel.cpp" line="71" />
        <source>Layers</source>
        <translation>層</translation>
    </message>
    <message>
        <location filename="../widgets/model_panel.cpp" line="72" />
        <source>Hidden size</source>
        <translation>隠れ層の次元</translation>
    </message>
    <message>
        <location filename="../widgets/model_panel.cpp" line="73" />
        <source>Heads per layer</source>
        <translation>層あたりのヘッド</translation>
    </message>
    <message>
        <location filename="../widgets/model_panel.cpp" line="73" />
        <source>%1 of size %2</source>
        <translation>%1 個 (次元 %2)</translation>
    </message>
    <message>
        <location filename="../widgets/model_panel.cpp" line="74" />
        <source>FFN neurons per layer</source>
        <translation>層あたりの FFN ニューロン</translation>
    </message>
    <message>
        <location filename="../widgets/model_panel.cpp" line="75" />
        <source>Activation</source>
        <translation>活性化関数</translation>
    </message>
    <message>
        <location filename="../widgets/model_panel.cpp" line="78" />
        <source>Input</source>
        <translation>入力</translation>
    </message>
    <message>
        <location filename="../widgets/model_panel.cpp" line="78" />
        <source>%1 × %1 images in %2 × %2 patches (%3 + 1 tokens)</source>
        <translation>%1 × %1 の画像、%2 × %2 のパッチ (%3 + 1 トークン)</translation>
    </message>
    <message>
        <location filename="../widgets/model_panel.cpp" line="82" />
        <source>Prunable units</source>
        <translation>枝刈りできる単位</translation>
    </message>
    <message>
        <location filename="../widgets/model_panel.cpp" line="83" />
        <source>Heads</source>
        <translation>ヘッド</translation>
    </message>
    <message>
        <location filename="../widgets/model_panel.cpp" line="84" />
        <source>FFN neurons</source>
        <translation>FFN ニューロン</translation>
    </message>
    <message>
        <location filename="../widgets/model_panel.cpp" line="85" />
        <source>Weights</source>
        <translation>重み</translation>
    </message>
    <message>
        <location filename="../widgets/model_panel.cpp" line="93" />
        <source>Data</source>
        <translation>データ</translation>
    </message>
    <message>
        <location filename="../widgets/model_panel.cpp" line="98" />
        <location filename="../widgets/model_panel.cpp" line="100" />
        <source>File</source>
        <translation>ファイル</translation>
    </message>
    <message>
        <location filename="../widgets/model_panel.cpp" line="98" />
        <source>none: use File → Open Data</source>
        <translation>なし: ファイル → データを開く を使用</translation>
    </message>
    <message>
        <location filename="../widgets/model_panel.cpp" line="104" />
        <source>Columns</source>
        <translation>列</translation>
    </message>
    <message>
        <location filename="../widgets/model_panel.cpp" line="104" />
        <source>%1 → %2</source>
        <translation>%1 → %2</translation>
    </message>
    <message>
        <location filename="../widgets/model_panel.cpp" line="105" />
        <source>Maximum length</source>
        <translation>最大長</translation>
    </message>
    <message>
        <location filename="../widgets/model_panel.cpp" line="107" />
        <source>Examples</source>
        <translation>例の数</translation>
    </message>
</context>
<context>
    <name>prunescope::NeuronMapView</name>
    <message>
        <location filename="../widgets/neuron_map_view.cpp" line="16" />
        <source>Sort by score</source>
        <translation>スコア順に並べ替え</translation>
    </message>
    <message>
        <location filename="../widgets/neuron_map_view.cpp" line="20" />
        <source>layer</source>
        <translation>層</translation>
    </message>
    <message>
        <location filename="../widgets/neuron_map_view.cpp" line="20" />
        <source>neuron</source>
        <translation>ニューロン</translation>
    </message>
    <message>
        <location filename="../widgets/neuron_map_view.cpp" line="21" />
        <source>Order each layer's neurons from the highest score to the lowest</source>
        <translation>各層のニューロンをスコアの高い順に並べます</translation>
    </message>
    <message>
        <location filename="../widgets/neuron_map_view.cpp" line="26" />
        <source>neurons</source>
        <translation>ニューロン数</translation>
    </message>
    <message>
        <location filename="../widgets/neuron_map_view.cpp" line="29" />
        <source>How the scores of the selected layer are spread</source>
        <translation>選択した層のスコアの分布</translation>
    </message>
    <message>
        <location filename="../widgets/neuron_map_view.cpp" line="32" />
        <source>Analysis → Neuron Redundancy: how many neurons of each layer have a near-copy</source>
        <translation>分析 → ニューロンの冗長性: 各層でほぼ同一のニューロンを持つものの数</translation>
    </message>
    <message>
        <location filename="../widgets/neuron_map_view.cpp" line="100" />
        <source>score in layer %1</source>
        <translation>層 %1 のスコア</translation>
    </message>
    <message>
        <location filename="../widgets/neuron_map_view.cpp" line="115" />
        <source>uniqueness</source>
        <translation>一意性</translation>
    </message>
    <message>
        <location filename="../widgets/neuron_map_view.cpp" line="116" />
        <source>max cos &gt; 0.9</source>
        <translation>最大 cos &gt; 0.9</translation>
    </message>
    <message>
        <location filename="../widgets/neuron_map_view.cpp" line="117" />
        <source>max cos &gt; 0.99</source>
        <translation>最大 cos &gt; 0.99</translation>
    </message>
    <message>
        <location filename="../widgets/neuron_map_view.cpp" line="131" />
        <source>layer (redundancy of %1)</source>
        <translation>層 (%1 の冗長性)</translation>
    </message>
    <message>
        <location filename="../widgets/neuron_map_view.cpp" line="140" />
        <source>%1: %2 neurons kept, uniqueness %3, %4 with a near-copy (cos &gt; 0.99)
</source>
        <translation>%1: 保持ニューロン %2、一意性 %3、ほぼ同一のものがある割合 %4 (cos &gt; 0.99)
</translation>
    </message>
</context>
<context>
    <name>prunescope::NewStudyDialog</name>
    <message>
        <location filename="../widgets/study_dialogs.cpp" line="174" />
        <source>New Study</source>
        <translation>新規スタディ</translation>
    </message>
    <message>
        <location filename="../widgets/study_dialogs.cpp" line="176" />
        <source>Study folder:</source>
        <translation>スタディフォルダー:</translation>
    </message>
    <message>
        <location filename="../widgets/study_dialogs.cpp" line="176" />
        <source>An empty or new folder; the study's files go here</source>
        <translation>空のフォルダーまたは新しいフォルダー。スタディのファイルはここに保存されます</translation>
    </message>
    <message>
        <location filename="../widgets/study_dialogs.cpp" line="177" />
        <source>Checkpoint:</source>
        <translation>チェックポイント:</translation>
    </message>
    <message>
        <location filename="../widgets/study_dialogs.cpp" line="178" />
        <source>A Hugging Face checkpoint folder (config.json + model.safetensors)</source>
        <translation>Hugging Face のチェックポイントフォルダー (config.json + model.safetensors)</translation>
    </message>
</context>
<context>
    <name>prunescope::NoiseScanDialog</name>
    <message>
        <location filename="../widgets/study_dialogs.cpp" line="666" />
        <source>A share of each noisy tensor's own spread</source>
        <translation>各ノイズ付きテンソル自身の標準偏差に対する比</translation>
    </message>
    <message>
        <location filename="../widgets/study_dialogs.cpp" line="668" />
        <source>Smooth-Cut Options…</source>
        <translation>Smooth-Cut のオプション…</translation>
    </message>
    <message>
        <location filename="../widgets/study_dialogs.cpp" line="672" />
        <source>Smooth-Cut Noise Scan</source>
        <translation>Smooth-Cut ノイズ走査</translation>
    </message>
    <message>
        <location filename="../widgets/study_dialogs.cpp" line="673" />
        <source>The noise levels scanned, comma-separated, each above 0 (DeepCuts uses 1e-3)</source>
        <translation>走査するノイズの大きさ (カンマ区切り、それぞれ 0 より大きい。DeepCuts は 1e-3)</translation>
    </message>
    <message>
        <location filename="../widgets/study_dialogs.cpp" line="674" />
        <source>Read sigma as a share of the standard deviation of each tensor the noise is added to, rather than as an absolute level</source>
        <translation>σ を絶対値ではなく、ノイズを加える各テンソルの標準偏差に対する比として扱います</translation>
    </message>
    <message>
        <location filename="../widgets/study_dialogs.cpp" line="676" />
        <source>The one-shot weight sparsities evaluated at each sigma, between 0 and 1</source>
        <translation>各 σ で評価するワンショットの重みスパース率 (0 から 1)</translation>
    </message>
    <message>
        <location filename="../widgets/study_dialogs.cpp" line="678" />
        <source>tensor: the same fraction of every matrix, as DeepCuts prunes; global: one threshold over the whole model</source>
        <translation>tensor: DeepCuts と同じく各行列から同じ割合; global: モデル全体で 1 つのしきい値</translation>
    </message>
    <message>
        <location filename="../widgets/study_dialogs.cpp" line="680" />
        <source>Smooth-Cut's options other than the noise level: its passes, where the noise goes</source>
        <translation>ノイズの大きさ以外の Smooth-Cut のオプション: パス数、ノイズを加える場所</translation>
    </message>
    <message>
        <location filename="../widgets/study_dialogs.cpp" line="686" />
        <source>Sigmas:</source>
        <translation>σ の値:</translation>
    </message>
    <message>
        <location filename="../widgets/study_dialogs.cpp" line="688" />
        <source>Sparsities:</source>
        <translation>スパース率:</translation>
    </message>
    <message>
        <location filename="../widgets/study_dialogs.cpp" line="689" />
        <source>Scope:</source>
        <translation>範囲:</translation>
    </message>
    <message>
        <location filename="../widgets/study_dialogs.cpp" line="691" />
        <source>Held out for evaluation:</source>
        <translation>評価用に取り分ける割合:</translation>
    </message>
    <message>
        <location filename="../widgets/study_dialogs.cpp" line="728" />
        <source>Smooth-Cut's default options</source>
        <translation>Smooth-Cut の既定のオプション</translation>
    </message>
</context>
<context>
    <name>prunescope::SettingsDialog</name>
    <message>
        <location filename="../widgets/app_settings.cpp" line="71" />
        <source>Settings</source>
        <translation>設定</translation>
    </message>
    <message>
        <location filename="../widgets/app_settings.cpp" line="75" />
        <source>Where jobs compute: auto takes the first GPU when there is one</source>
        <translation>ジョブを計算する場所。auto は GPU があれば最初の GPU を使います</translation>
    </message>
    <message>
        <location filename="../widgets/app_settings.cpp" line="77" />
        <source>float32 (exact)</source>
        <translation>float32 (正確)</translation>
    </message>
    <message>
        <location filename="../widgets/app_settings.cpp" line="78" />
        <source>float32, products split on a GPU's tensor cores (tf32x3)</source>
        <translation>float32、積を GPU のテンソルコアで分割 (tf32x3)</translation>
    </message>
    <message>
        <location filename="../widgets/app_settings.cpp" line="79" />
        <source>bfloat16 (faster on GPUs)</source>
        <translation>bfloat16 (GPU で高速)</translation>
    </message>
    <message>
        <location filename="../widgets/app_settings.cpp" line="80" />
        <source>float16</source>
        <translation>float16</translation>
    </message>
    <message>
        <location filename="../widgets/app_settings.cpp" line="85" />
        <source>The precision of forward passes when scoring; comparisons with references always use float32. tf32x3 splits each linear layer's float32 product in three on the TF32 tensor cores of a GPU of compute capability 8.0 or later: faster than float32 and a little less exact</source>
        <translation>スコア計算時の順伝播の精度。参照との比較には常に float32 を使います。tf32x3 は各線形層の float32 の積を、計算能力 8.0 以降の GPU の TF32 テンソルコアで 3 つの積に分けて計算します: float32 より速く、精度はわずかに下がります</translation>
    </message>
    <message>
        <location filename="../widgets/app_settings.cpp" line="91" />
        <source>Examples per batch; lower it if the GPU runs out of memory</source>
        <translation>バッチあたりのサンプル数。GPU のメモリが不足する場合は小さくしてください</translation>
    </message>
    <message>
        <location filename="../widgets/app_settings.cpp" line="93" />
        <source>all</source>
        <translation>すべて</translation>
    </message>
    <message>
        <location filename="../widgets/app_settings.cpp" line="95" />
        <source>Examples sampled from the data for scoring and evaluation (0: all)</source>
        <translation>スコア計算と評価のためにデータから抽出するサンプル数 (0: すべて)</translation>
    </message>
    <message>
        <location filename="../widgets/app_settings.cpp" line="96" />
        <source>System language</source>
        <translation>システムの言語</translation>
    </message>
    <message>
        <location filename="../widgets/app_settings.cpp" line="101" />
        <source>The language of the interface; takes effect at the next start</source>
        <translation>インターフェースの言語。次回の起動時に反映されます</translation>
    </message>
    <message>
        <location filename="../widgets/app_settings.cpp" line="103" />
        <source>This computer</source>
        <translation>このコンピューター</translation>
    </message>
    <message>
        <location filename="../widgets/app_settings.cpp" line="105" />
        <source>Device:</source>
        <translation>デバイス:</translation>
    </message>
    <message>
        <location filename="../widgets/app_settings.cpp" line="107" />
        <source>Jobs of the open study</source>
        <translation>開いているスタディのジョブ</translation>
    </message>
    <message>
        <location filename="../widgets/app_settings.cpp" line="107" />
        <source>Jobs of new studies</source>
        <translation>新しいスタディのジョブ</translation>
    </message>
    <message>
        <location filename="../widgets/app_settings.cpp" line="109" />
        <source>Precision:</source>
        <translation>精度:</translation>
    </message>
    <message>
        <location filename="../widgets/app_settings.cpp" line="110" />
        <source>Batch size:</source>
        <translation>バッチサイズ:</translation>
    </message>
    <message>
        <location filename="../widgets/app_settings.cpp" line="111" />
        <source>Sample size:</source>
        <translation>サンプル数:</translation>
    </message>
    <message>
        <location filename="../widgets/app_settings.cpp" line="106" />
        <source>Language:</source>
        <translation>言語:</translation>
    </message>
</context>
<context>
    <name>prunescope::StudyReport</name>
    <message>
        <location filename="../widgets/study_report.cpp" line="38" />
        <source>%1 failed: %2</source>
        <translation>%1 が失敗しました: %2</translation>
    </message>
    <message>
        <location filename="../widgets/study_report.cpp" line="54" />
        <source>The study has nothing to show in the %1 view yet.</source>
        <translation>スタディには、%1 ビューに表示できるものがまだありません。</translation>
    </message>
    <message>
        <location filename="../widgets/study_report.cpp" line="73" />
        <location filename="../widgets/study_report.cpp" line="192" />
        <source>Cannot write %1</source>
        <translation>%1 に書き込めません</translation>
    </message>
    <message>
        <location filename="../widgets/study_report.cpp" line="89" />
        <source>Cannot create %1</source>
        <translation>%1 を作成できません</translation>
    </message>
    <message>
        <location filename="../widgets/study_report.cpp" line="116" />
        <source>The study's model has no training log (%1), so the Training view is not shown.</source>
        <translation>スタディのモデルには学習ログ (%1) がないため、学習ビューは表示しません。</translation>
    </message>
    <message>
        <location filename="../widgets/study_report.cpp" line="164" />
        <source># PruneScope report

Study: `%1`

</source>
        <translation># PruneScope レポート

スタディ: `%1`

</translation>
    </message>
    <message>
        <location filename="../widgets/study_report.cpp" line="168" />
        <source>The model cannot be read: %1

</source>
        <translation>モデルを読み込めません: %1

</translation>
    </message>
    <message>
        <location filename="../widgets/study_report.cpp" line="170" />
        <source>## Evaluation

%1

## Items

</source>
        <translation>## 評価

%1

## 項目

</translation>
    </message>
    <message>
        <location filename="../widgets/study_report.cpp" line="177" />
        <source>
## Sweep

```
%1```
</source>
        <translation>
## スイープ

```
%1```
</translation>
    </message>
    <message>
        <location filename="../widgets/study_report.cpp" line="180" />
        <source>
## Comparison

```
%1```
</source>
        <translation>
## 比較

```
%1```
</translation>
    </message>
    <message>
        <location filename="../widgets/study_report.cpp" line="183" />
        <source>
## Mask profiles

```
%1```
</source>
        <translation>
## マスクのプロファイル

```
%1```
</translation>
    </message>
    <message>
        <location filename="../widgets/study_report.cpp" line="185" />
        <source>
## Views

</source>
        <translation>
## ビュー

</translation>
    </message>
</context>
<context>
    <name>prunescope::SweepDialog</name>
    <message>
        <location filename="../widgets/study_dialogs.cpp" line="574" />
        <source>Options…</source>
        <translation>オプション…</translation>
    </message>
    <message>
        <location filename="../widgets/study_dialogs.cpp" line="578" />
        <source>Sweep</source>
        <translation>スイープ</translation>
    </message>
    <message>
        <location filename="../widgets/study_dialogs.cpp" line="584" />
        <source>The methods compared; random is always included</source>
        <translation>比較する手法。random は常に含まれます</translation>
    </message>
    <message>
        <location filename="../widgets/study_dialogs.cpp" line="585" />
        <source>Comma-separated fractions between 0 and 1</source>
        <translation>0 から 1 の間の割合をカンマ区切りで指定します</translation>
    </message>
    <message>
        <location filename="../widgets/study_dialogs.cpp" line="588" />
        <source>The options of the selected method, as its declaration offers them</source>
        <translation>選択した手法のオプション (その宣言が提供するもの)</translation>
    </message>
    <message>
        <location filename="../widgets/study_dialogs.cpp" line="594" />
        <source>Methods:</source>
        <translation>手法:</translation>
    </message>
    <message>
        <location filename="../widgets/study_dialogs.cpp" line="596" />
        <source>Sparsities:</source>
        <translation>スパース率:</translation>
    </message>
    <message>
        <location filename="../widgets/study_dialogs.cpp" line="597" />
        <source>Granularity:</source>
        <translation>粒度:</translation>
    </message>
    <message>
        <location filename="../widgets/study_dialogs.cpp" line="598" />
        <source>Scope:</source>
        <translation>範囲:</translation>
    </message>
    <message>
        <location filename="../widgets/study_dialogs.cpp" line="599" />
        <source>Held out for evaluation:</source>
        <translation>評価用に取り分ける割合:</translation>
    </message>
    <message>
        <location filename="../widgets/study_dialogs.cpp" line="635" />
        <source>Every method with its default options</source>
        <translation>すべての手法を既定のオプションで実行</translation>
    </message>
</context>
<context>
    <name>prunescope::TrainDialog</name>
    <message>
        <location filename="../widgets/study_dialogs.cpp" line="442" />
        <source>Train</source>
        <translation>トレーニング</translation>
    </message>
    <message>
        <location filename="../widgets/study_dialogs.cpp" line="445" />
        <source>Fine-tune (records the movement map)</source>
        <translation>ファインチューニング (movement マップを記録)</translation>
    </message>
    <message>
        <location filename="../widgets/study_dialogs.cpp" line="461" />
        <source>Fine-tune under a fixed mask (retrain after pruning)</source>
        <translation>固定マスクの下でファインチューニング (枝刈り後の再学習)</translation>
    </message>
    <message>
        <location filename="../widgets/study_dialogs.cpp" line="469" />
        <source>n of every m consecutive weights along the input are kept</source>
        <translation>入力方向に連続する m 個の重みごとに n 個を残します</translation>
    </message>
    <message>
        <location filename="../widgets/study_dialogs.cpp" line="465" />
        <source>The mask held fixed: its pruned units and weights get no gradient</source>
        <translation>固定するマスク: 枝刈りされた単位と重みには勾配が流れません</translation>
    </message>
    <message>
        <location filename="../widgets/study_dialogs.cpp" line="438" />
        <source>A new classification head for the classes of the study's data</source>
        <translation>スタディのデータのクラスに合わせた新しい分類ヘッド</translation>
    </message>
    <message>
        <location filename="../widgets/study_dialogs.cpp" line="454" />
        <source>%1, in one shot (no training)</source>
        <translation>%1、ワンショット (学習なし)</translation>
    </message>
    <message>
        <location filename="../widgets/study_dialogs.cpp" line="477" />
        <source>The share of the study's data held out to pick the best model</source>
        <translation>最良のモデルを選ぶために取り分けるスタディのデータの割合</translation>
    </message>
    <message>
        <location filename="../widgets/study_dialogs.cpp" line="482" />
        <source>as the epochs give</source>
        <translation>エポック数に従う</translation>
    </message>
    <message>
        <location filename="../widgets/study_dialogs.cpp" line="486" />
        <source>each epoch</source>
        <translation>各エポック</translation>
    </message>
    <message>
        <location filename="../widgets/study_dialogs.cpp" line="488" />
        <source>never stop early</source>
        <translation>早期終了しない</translation>
    </message>
    <message>
        <location filename="../widgets/study_dialogs.cpp" line="490" />
        <source>For labels the model was not trained on: its classifier's output layer starts afresh, one output for each label in the data, and the checkpoint names them</source>
        <translation>モデルが学習していないラベル用: 分類器の出力層を新しく初期化し、データのラベルごとに一つの出力を持たせ、チェックポイントにその名前を記録します</translation>
    </message>
    <message>
        <location filename="../widgets/study_dialogs.cpp" line="493" />
        <source>A new folder for the trained checkpoint; one that holds files is replaced only if you agree</source>
        <translation>学習済みチェックポイント用の新しいフォルダー。ファイルのあるフォルダーは同意した場合にのみ置き換えられます</translation>
    </message>
    <message>
        <location filename="../widgets/study_dialogs.cpp" line="497" />
        <source>Method:</source>
        <translation>手法:</translation>
    </message>
    <message>
        <location filename="../widgets/study_dialogs.cpp" line="499" />
        <source>Pattern:</source>
        <translation>パターン:</translation>
    </message>
    <message>
        <location filename="../widgets/study_dialogs.cpp" line="500" />
        <source>Mask:</source>
        <translation>マスク:</translation>
    </message>
    <message>
        <location filename="../widgets/study_dialogs.cpp" line="501" />
        <source>Epochs:</source>
        <translation>エポック数:</translation>
    </message>
    <message>
        <location filename="../widgets/study_dialogs.cpp" line="502" />
        <source>Steps:</source>
        <translation>ステップ数:</translation>
    </message>
    <message>
        <location filename="../widgets/study_dialogs.cpp" line="503" />
        <source>Batch size:</source>
        <translation>バッチサイズ:</translation>
    </message>
    <message>
        <location filename="../widgets/study_dialogs.cpp" line="504" />
        <source>Learning rate:</source>
        <translation>学習率:</translation>
    </message>
    <message>
        <location filename="../widgets/study_dialogs.cpp" line="505" />
        <source>Validation share:</source>
        <translation>検証データの割合:</translation>
    </message>
    <message>
        <location filename="../widgets/study_dialogs.cpp" line="506" />
        <source>Evaluate every:</source>
        <translation>評価の間隔:</translation>
    </message>
    <message>
        <location filename="../widgets/study_dialogs.cpp" line="507" />
        <source>Patience:</source>
        <translation>許容回数:</translation>
    </message>
    <message>
        <location filename="../widgets/study_dialogs.cpp" line="509" />
        <source>Folder:</source>
        <translation>フォルダー:</translation>
    </message>
</context>
<context>
    <name>prunescope::TrainingView</name>
    <message>
        <location filename="../widgets/training_view.cpp" line="54" />
        <source>mask</source>
        <translation>マスク</translation>
    </message>
    <message>
        <location filename="../widgets/training_view.cpp" line="54" />
        <source>layer and component</source>
        <translation>層と構成要素</translation>
    </message>
    <message>
        <location filename="../widgets/training_view.cpp" line="59" />
        <source>Explains the training plot and the round map</source>
        <translation>訓練のグラフとラウンドのマップを説明します</translation>
    </message>
    <message>
        <location filename="../widgets/training_view.cpp" line="78" />
        <source>step</source>
        <translation>ステップ</translation>
    </message>
    <message>
        <location filename="../widgets/training_view.cpp" line="67" />
        <location filename="../widgets/training_view.cpp" line="110" />
        <source>training loss</source>
        <translation>学習損失</translation>
    </message>
    <message>
        <location filename="../widgets/training_view.cpp" line="113" />
        <source>validation</source>
        <translation>検証</translation>
    </message>
    <message>
        <location filename="../widgets/training_view.cpp" line="117" />
        <location filename="../widgets/training_view.cpp" line="212" />
        <source>sparsity</source>
        <translation>スパース率</translation>
    </message>
    <message>
        <location filename="../widgets/training_view.cpp" line="158" />
        <source>Layer %1 of %2 pruned</source>
        <translation>%2 層中 %1 層を枝刈りしました</translation>
    </message>
    <message>
        <location filename="../widgets/training_view.cpp" line="181" />
        <source>validation %1</source>
        <translation>検証 %1</translation>
    </message>
    <message>
        <location filename="../widgets/training_view.cpp" line="212" />
        <source>validation %1 / sparsity</source>
        <translation>検証 %1 / スパース率</translation>
    </message>
    <message>
        <location filename="../widgets/training_view.cpp" line="163" />
        <source>Step %1 of %2, epoch %3: loss %4, learning rate %5</source>
        <translation>ステップ %1 / %2、エポック %3: 損失 %4、学習率 %5</translation>
    </message>
    <message>
        <location filename="../widgets/training_view.cpp" line="77" />
        <location filename="../widgets/training_view.cpp" line="120" />
        <source>learning rate</source>
        <translation>学習率</translation>
    </message>
    <message>
        <location filename="../widgets/training_view.cpp" line="90" />
        <source>Train the study's model (Analysis → Train) to follow the run here; the training log of the study's model shows here when it has one.</source>
        <translation>スタディのモデルを学習すると (分析 → 学習)、その経過をここで追えます。スタディのモデルに学習ログがあれば、ここに表示します。</translation>
    </message>
    <message>
        <location filename="../widgets/training_view.cpp" line="128" />
        <source>Training log of %1 (%2)</source>
        <translation>%1 の学習ログ (%2)</translation>
    </message>
    <message>
        <location filename="../widgets/training_view.cpp" line="140" />
        <source>Recipe: %1</source>
        <translation>設定: %1</translation>
    </message>
    <message>
        <location filename="../widgets/training_view.cpp" line="170" />
        <source>, sparsity %1</source>
        <translation>、スパース率 %1</translation>
    </message>
    <message numerus="yes">
        <location filename="../widgets/training_view.cpp" line="221" />
        <source>%n step(s)</source>
        <translation>
            <numerusform>%n ステップ</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../widgets/training_view.cpp" line="223" />
        <source> (stopped early)</source>
        <translation> (早期終了)</translation>
    </message>
    <message>
        <location filename="../widgets/training_view.cpp" line="225" />
        <source>; best validation %1 %2 at step %3</source>
        <translation>。最良の検証 %1 は %2 (ステップ %3)</translation>
    </message>
    <message>
        <location filename="../widgets/training_view.cpp" line="226" />
        <source>. The trained model is in %1.</source>
        <translation>。学習済みモデルは %1 にあります。</translation>
    </message>
    <message numerus="yes">
        <location filename="../widgets/training_view.cpp" line="228" />
        <source> Compute spent: %n training step(s) in all runs, %1 s.</source>
        <translation>
            <numerusform> 計算量: 全実行で %n 訓練ステップ、%1 秒。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../widgets/training_view.cpp" line="231" />
        <source> %n pruned connection(s) recovered.</source>
        <translation>
            <numerusform> 枝刈りされた接続のうち %n 個が回復しました。</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../widgets/training_view.cpp" line="233" />
        <source> The push did not reach the target sparsity in the steps given: train longer.</source>
        <translation> 与えられたステップ数では押し下げが目標スパース率に届きませんでした。もっと長く訓練してください。</translation>
    </message>
    <message numerus="yes">
        <location filename="../widgets/training_view.cpp" line="239" />
        <source>%n layer(s) pruned in one shot to sparsity %1 in %2 s</source>
        <translation>
            <numerusform>%n 層をワンショットでスパース率 %1 まで枝刈り (%2 秒)</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../widgets/training_view.cpp" line="243" />
        <source>; validation %1 %2 (dense %3)</source>
        <translation>; 検証 %1 %2 (密モデル %3)</translation>
    </message>
    <message>
        <location filename="../widgets/training_view.cpp" line="247" />
        <source>. The pruned model is in %1.</source>
        <translation>。枝刈りしたモデルは %1 にあります。</translation>
    </message>
    <message>
        <location filename="../widgets/training_view.cpp" line="270" />
        <source>sparsity the schedule asks for</source>
        <translation>スケジュールが求めるスパース性</translation>
    </message>
    <message>
        <location filename="../widgets/training_view.cpp" line="274" />
        <source>ADMM primal residual</source>
        <translation>ADMM 主残差</translation>
    </message>
    <message>
        <location filename="../widgets/training_view.cpp" line="274" />
        <source>ADMM dual residual</source>
        <translation>ADMM 双対残差</translation>
    </message>
    <message>
        <location filename="../widgets/training_view.cpp" line="309" />
        <source>%1, %2 %3: %4 % of the weights pruned (the mask: %5 %)</source>
        <translation>%1、%2 %3: 重みの %4 % を枝刈り (マスク全体: %5 %)</translation>
    </message>
    <message>
        <location filename="../widgets/training_view.cpp" line="325" />
        <source>Round %1: the share of weights each mask prunes, by layer and component</source>
        <translation>ラウンド %1: 各マスクが枝刈りする重みの割合 (層と構成要素ごと)</translation>
    </message>
    <message>
        <location filename="../widgets/training_view.cpp" line="327" />
        <source>; the weak masks' pruned sets overlap by %1 % (mean IoU)</source>
        <translation>。弱いマスクの枝刈り集合の重なりは %1 % (平均 IoU)</translation>
    </message>
</context>
<context>
    <name>prunescope::WeightView</name>
    <message>
        <location filename="../widgets/weight_view.cpp" line="13" />
        <location filename="../widgets/weight_view.cpp" line="35" />
        <location filename="../widgets/weight_view.cpp" line="37" />
        <source>output feature</source>
        <translation>出力特徴</translation>
    </message>
    <message>
        <location filename="../widgets/weight_view.cpp" line="13" />
        <location filename="../widgets/weight_view.cpp" line="35" />
        <location filename="../widgets/weight_view.cpp" line="37" />
        <source>input feature</source>
        <translation>入力特徴</translation>
    </message>
    <message>
        <location filename="../widgets/weight_view.cpp" line="16" />
        <source>Scroll to zoom, drag to move</source>
        <translation>スクロールでズーム、ドラッグで移動</translation>
    </message>
</context>
</TS>