<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="zh_CN">
<context>
    <name>DataFields</name>
    <message>
        <location filename="../widgets/study_dialogs.cpp" line="132" />
        <source>Data:</source>
        <translation>数据:</translation>
    </message>
    <message>
        <location filename="../widgets/study_dialogs.cpp" line="133" />
        <source>TSV, CSV, JSONL, text or safetensors file, or an image folder</source>
        <translation>TSV、CSV、JSONL、文本或 safetensors 文件，或图像文件夹</translation>
    </message>
    <message>
        <location filename="../widgets/study_dialogs.cpp" line="141" />
        <source>The column holding the text (tables only)</source>
        <translation>包含文本的列（仅限表格）</translation>
    </message>
    <message>
        <location filename="../widgets/study_dialogs.cpp" line="142" />
        <source>The column holding the second sentence of a pair; empty for single sentences</source>
        <translation>包含句对中第二句的列；单句时留空</translation>
    </message>
    <message>
        <location filename="../widgets/study_dialogs.cpp" line="143" />
        <source>The column holding the label (tables only)</source>
        <translation>包含标签的列（仅限表格）</translation>
    </message>
    <message>
        <location filename="../widgets/study_dialogs.cpp" line="146" />
        <source>Tokens per example (classification) or per block (language modelling)</source>
        <translation>每个样本（分类）或每个块（语言建模）的词元数</translation>
    </message>
    <message>
        <location filename="../widgets/study_dialogs.cpp" line="147" />
        <source>Text column:</source>
        <translation>文本列:</translation>
    </message>
    <message>
        <location filename="../widgets/study_dialogs.cpp" line="148" />
        <source>Pair column:</source>
        <translation>句对列:</translation>
    </message>
    <message>
        <location filename="../widgets/study_dialogs.cpp" line="149" />
        <source>Label column:</source>
        <translation>标签列:</translation>
    </message>
    <message>
        <location filename="../widgets/study_dialogs.cpp" line="152" />
        <source>blocks</source>
        <translation>块</translation>
    </message>
    <message>
        <location filename="../widgets/study_dialogs.cpp" line="153" />
        <source>Language-model text: a window of the maximum length every this many tokens, each token predicted once with up to that much context before it; blocks: windows that do not overlap</source>
        <translation>语言模型文本：每隔这么多个词元取一个最大长度的窗口，每个词元只预测一次，前面最多有最大长度的上下文；块：互不重叠的窗口</translation>
    </message>
    <message>
        <location filename="../widgets/study_dialogs.cpp" line="155" />
        <source>Maximum length:</source>
        <translation>最大长度:</translation>
    </message>
    <message>
        <location filename="../widgets/study_dialogs.cpp" line="156" />
        <source>Stride:</source>
        <translation>步长：</translation>
    </message>
</context>
<context>
    <name>Help</name>
    <message>
        <location filename="../widgets/help_texts.cpp" line="13" />
        <source>&lt;p&gt;Each cell is one attention head: layers run down, heads across. The colour is the head's importance score from the selected file, or, for a mask, whether the head is kept (pale) or pruned (dark red).&lt;/p&gt;&lt;p&gt;&lt;b&gt;Taylor&lt;/b&gt; and &lt;b&gt;head importance&lt;/b&gt; scores are the size of the loss gradient with respect to a gate on the head: how much the loss would change, to first order, if the head were removed. &lt;b&gt;Cam-Cut&lt;/b&gt; reads the same gradient the way GradCAM does, weighting it by the head's mean activation; &lt;b&gt;Smooth-Cut&lt;/b&gt; averages it over noisy copies of the input (SmoothGrad), which steadies it.&lt;/p&gt;&lt;p&gt;&lt;b&gt;Per layer&lt;/b&gt; rescales each layer to its own range, so you can compare heads within a layer; &lt;b&gt;Rank&lt;/b&gt; shows the order over the whole model, the order in which a global mask prunes. Hover for the value and the rank; when a mask is being edited, click a head to prune or restore it.&lt;/p&gt;</source>
        <translation>&lt;p&gt;每个单元格是一个注意力头：纵向为层，横向为注意力头。颜色表示所选文件中该注意力头的重要性分数；若为掩码，则表示该注意力头是被保留（浅色）还是被剪枝（深红色）。&lt;/p&gt;&lt;p&gt;&lt;b&gt;Taylor&lt;/b&gt; 和 &lt;b&gt;head importance&lt;/b&gt; 分数是损失对注意力头上门控的梯度大小，即移除该注意力头时损失的一阶变化量。&lt;b&gt;Cam-Cut&lt;/b&gt; 以 GradCAM 的方式解读同一梯度，用注意力头的平均激活对其加权；&lt;b&gt;Smooth-Cut&lt;/b&gt; 则在输入的多个加噪副本上对其取平均（SmoothGrad），使其更加稳定。&lt;/p&gt;&lt;p&gt;&lt;b&gt;按层&lt;/b&gt; 将每一层缩放到其自身的取值范围，便于比较同一层内的注意力头；&lt;b&gt;排名&lt;/b&gt; 显示在整个模型上的排序，也就是全局掩码剪枝的顺序。将鼠标悬停可查看数值和排名；编辑掩码时，单击注意力头即可将其剪枝或恢复。&lt;/p&gt;</translation>
    </message>
    <message>
        <location filename="../widgets/help_texts.cpp" line="27" />
        <source>&lt;p&gt;Each row is one layer's feed-forward block, each column one of its neurons (the hidden units between the two linear layers). The colour is the neuron's score, or kept / pruned for a mask.&lt;/p&gt;&lt;p&gt;&lt;b&gt;Sort by score&lt;/b&gt; orders every row from the highest score to the lowest, so you can see how sharply importance falls off in each layer. The histogram below shows the distribution of the selected layer: a long flat tail means many neurons matter little, which is where pruning is cheap. Random scores are a strong baseline for neurons; compare with them in the curves view.&lt;/p&gt;</source>
        <translation>&lt;p&gt;每一行是一层的前馈模块，每一列是其中的一个神经元（两个线性层之间的隐藏单元）。颜色表示神经元的分数；若为掩码，则表示保留 / 剪枝。&lt;/p&gt;&lt;p&gt;&lt;b&gt;按分数排序&lt;/b&gt; 会将每一行按分数从高到低排列，便于看出每层中重要性下降得有多快。下方的直方图显示所选层的分布：长而平坦的尾部意味着许多神经元作用很小，剪枝它们的代价也很低。对神经元而言，随机分数是很强的基线；可在曲线视图中与之比较。&lt;/p&gt;</translation>
    </message>
    <message>
        <location filename="../widgets/help_texts.cpp" line="36" />
        <source>&lt;p&gt;One prunable weight matrix, output features down and input features across, coloured by the score of each weight or by its mask. &lt;b&gt;Magnitude&lt;/b&gt; is |W|; &lt;b&gt;Taylor&lt;/b&gt; and &lt;b&gt;SNIP&lt;/b&gt; are |W × gradient|, the first-order loss change when the weight is set to zero; &lt;b&gt;movement&lt;/b&gt; scores grow for weights that training pushes away from zero.&lt;/p&gt;&lt;p&gt;Scroll to zoom, drag to move. For N:M masks (for instance 2:4, which GPUs run fast) the groups of M consecutive input weights are outlined once you zoom in far enough to see them.&lt;/p&gt;</source>
        <translation>&lt;p&gt;一个可剪枝的权重矩阵，纵向为输出特征，横向为输入特征，按每个权重的分数或其掩码着色。&lt;b&gt;Magnitude&lt;/b&gt; 即 |W|；&lt;b&gt;Taylor&lt;/b&gt; 和 &lt;b&gt;SNIP&lt;/b&gt; 为 |W × 梯度|，即将该权重置零时损失的一阶变化；&lt;b&gt;movement&lt;/b&gt; 分数对于被训练推离零的权重会增大。&lt;/p&gt;&lt;p&gt;滚动以缩放，拖动以移动。对于 N:M 掩码（例如 GPU 可快速运行的 2:4），放大到足以看清时，每组 M 个连续的输入权重会以边框标出。&lt;/p&gt;</translation>
    </message>
    <message>
        <location filename="../widgets/help_texts.cpp" line="45" />
        <source>&lt;p&gt;Which parts of one input drive the model's output. Red tokens (or image patches) push the target up, blue ones push it down; the stronger the colour, the larger the effect.&lt;/p&gt;&lt;p&gt;&lt;b&gt;GradCAM&lt;/b&gt; multiplies a layer's activations by their gradient and sums over the channels, one value per token; pick the layer to see how the evidence moves through the network. &lt;b&gt;SmoothGrad&lt;/b&gt; averages the gradient at the input over copies with a little noise added, which removes much of the speckle of a single gradient. DeepCuts turns the same two readings into importance scores for pruning (Cam-Cut and Smooth-Cut).&lt;/p&gt;</source>
        <translation>&lt;p&gt;显示一个输入的哪些部分驱动了模型的输出。红色的词元（或图像块）使目标值升高，蓝色的使其降低；颜色越深，影响越大。&lt;/p&gt;&lt;p&gt;&lt;b&gt;GradCAM&lt;/b&gt; 将某一层的激活与其梯度相乘并在通道上求和，每个词元得到一个值；选择不同的层可以观察证据如何在网络中传递。&lt;b&gt;SmoothGrad&lt;/b&gt; 在添加了少量噪声的多个输入副本上对输入处的梯度取平均，从而去除单个梯度中的大部分斑点噪声。DeepCuts 将这两种读数转化为用于剪枝的重要性分数（Cam-Cut 和 Smooth-Cut）。&lt;/p&gt;</translation>
    </message>
    <message>
        <location filename="../widgets/help_texts.cpp" line="55" />
        <source>&lt;p&gt;The model's metric (accuracy, F1, perplexity, ...) against the fraction of units pruned, one curve per scoring method. The dashed line is the dense model; &lt;b&gt;random&lt;/b&gt; scores are always included, because a method is only useful where it beats them.&lt;/p&gt;&lt;p&gt;A curve that stays near the dense line to high sparsity means the method finds units the model can do without. Export the plot as PNG or SVG and the numbers as CSV for a paper or a slide.&lt;/p&gt;</source>
        <translation>&lt;p&gt;模型的指标（准确率、F1、困惑度等）随被剪枝单元比例的变化，每种评分方法对应一条曲线。虚线表示稠密模型；&lt;b&gt;random&lt;/b&gt; 分数始终包含在内，因为一种方法只有优于它时才有用。&lt;/p&gt;&lt;p&gt;若曲线在高稀疏度下仍贴近稠密模型的虚线，说明该方法找到了模型可以舍弃的单元。可将图表导出为 PNG 或 SVG，将数值导出为 CSV，用于论文或幻灯片。&lt;/p&gt;</translation>
    </message>
    <message>
        <location filename="../widgets/help_texts.cpp" line="62" />
        <source>&lt;p&gt;A &lt;b&gt;noise scan&lt;/b&gt; (Analysis → Smooth-Cut Noise Scan) is drawn here too, against Smooth-Cut's noise sigma on a log scale: the metric after one-shot weight pruning at each sparsity, Taylor's (dashed) and magnitude's (dotted) masks at the same sparsity as levels, and on the right axis how closely Smooth-Cut ranks the weights as Taylor does. Where the rank correlation is 1, Smooth-Cut is Taylor under another name.&lt;/p&gt;</source>
        <translation>&lt;p&gt;&lt;b&gt;噪声扫描&lt;/b&gt;（分析 → Smooth-Cut 噪声扫描）也绘制在这里，横轴为 Smooth-Cut 的噪声 σ（对数刻度）：各稀疏度下一次性权重剪枝后的指标、同一稀疏度下 Taylor（虚线）和幅值（点线）掩码的水平线，右轴显示 Smooth-Cut 对权重的排序与 Taylor 的接近程度。秩相关为 1 时，Smooth-Cut 只是换了名字的 Taylor。&lt;/p&gt;</translation>
    </message>
    <message>
        <location filename="../widgets/help_texts.cpp" line="70" />
        <source>&lt;p&gt;How far the masks and score maps of a study agree. The matrix compares every pair on one metric, over all layers or over the layer you pick.&lt;/p&gt;&lt;p&gt;For masks: &lt;b&gt;IoU&lt;/b&gt; is the share of pruned units that both prune (1: the same units); &lt;b&gt;cosine&lt;/b&gt; compares the kept units; &lt;b&gt;Hamming&lt;/b&gt; is the fraction of units on which they differ. For score maps: &lt;b&gt;Spearman&lt;/b&gt; and &lt;b&gt;Kendall&lt;/b&gt; correlate the rankings (1: the same order, 0: unrelated); &lt;b&gt;top-k&lt;/b&gt; is the overlap of the top 10 % of units. A grey cell pairs a mask with a score map, which these metrics do not compare.&lt;/p&gt;&lt;p&gt;Click a cell to see that pair layer by layer: the curve shows the metric per layer with both masks' sparsity, and the two maps below show where they agree (pale: kept by both, dark red: pruned by both) and where they do not (orange: pruned here only, blue: kept here only). A score map keeps its highest-scoring units: as many as the mask beside it keeps, or its top 10 %.&lt;/p&gt;</source>
        <translation>&lt;p&gt;研究中的掩码和分数图在多大程度上一致。矩阵在所有层或所选的层上，用一个指标比较每一对。&lt;/p&gt;&lt;p&gt;对于掩码：&lt;b&gt;IoU&lt;/b&gt; 是被剪枝的单元中两者都剪枝的比例（1：相同的单元）；&lt;b&gt;余弦&lt;/b&gt; 比较保留的单元；&lt;b&gt;汉明&lt;/b&gt; 是两者不同的单元所占比例。对于分数图：&lt;b&gt;Spearman&lt;/b&gt; 和 &lt;b&gt;Kendall&lt;/b&gt; 衡量排序的相关性（1：顺序相同，0：无关）；&lt;b&gt;top-k&lt;/b&gt; 是前 10 % 单元的重叠。灰色单元格是一个掩码和一个分数图的组合，这些指标不比较它们。&lt;/p&gt;&lt;p&gt;点击单元格即可逐层查看这一对：曲线显示每层的指标和两个掩码的稀疏度，下方两张图显示它们一致之处（浅色：两者都保留，深红：两者都剪枝）和不一致之处（橙色：仅此处剪枝，蓝色：仅此处保留）。分数图保留得分最高的单元：数量与旁边的掩码保留的相同，或为其前 10 %。&lt;/p&gt;</translation>
    </message>
    <message>
        <location filename="../widgets/help_texts.cpp" line="84" />
        <source>&lt;p&gt;Where each mask prunes, as the Adapting by Pruning paper draws it: for every component of the transformer (q, k, v: the attention's query, key and value; attention-output; ffn-in and ffn-out: the two layers of the feed-forward block), or for every layer, the share of its weights the mask removes. A head or neuron mask counts as the weights the unit removes. Masks that prune to the same overall sparsity can spend it very differently.&lt;/p&gt;&lt;p&gt;With the sensitivity tests, the table below gives the study's metric for the dense model, under each mask, under the same mask shuffled at random within each tensor (the same sparsity in every matrix, other places), and under the mask with every prunable matrix re-initialised at random. If shuffling costs little, the mask's placement matters less than how much it prunes where; if re-initialising costs little, the weights that survive matter less than the mask.&lt;/p&gt;</source>
        <translation>&lt;p&gt;以 Adapting by Pruning 论文的方式显示每个掩码在哪里剪枝: 对 Transformer 的每个组件 (q、k、v: 注意力的 query、key、value; attention-output; ffn-in 和 ffn-out: 前馈块的两层) 或每一层, 给出掩码移除的权重比例。注意力头或神经元掩码按该单元移除的权重计数。总体稀疏度相同的掩码, 分配方式可能大不相同。&lt;/p&gt;&lt;p&gt;进行敏感性测试时, 下表给出研究的指标: 稠密模型、各掩码下、在每个张量内随机打乱的同一掩码 (每个矩阵稀疏度相同, 位置不同), 以及所有可剪枝矩阵随机重新初始化后再加掩码。若打乱代价很小, 说明掩码的具体位置不如在哪里剪多少重要; 若重新初始化代价很小, 说明保留下来的权重不如掩码重要。&lt;/p&gt;</translation>
    </message>
    <message>
        <location filename="../widgets/help_texts.cpp" line="98" />
        <source>&lt;p&gt;A training run as it goes: the blue line is the loss of every step, the red dots the validation metric at each evaluation (right axis), the grey dashes the share of units or weights pruned so far. ADMM adds its primal residual (how far the weights are from the n:m pattern) and dual residual (how much the pattern still moves); both should fall before the projection.&lt;/p&gt;&lt;p&gt;Methods that prune over rounds draw a map below. For &lt;b&gt;Instant Soup Pruning&lt;/b&gt; each row is a mask of the latest round: the weak masks of the denoisers (copies trained briefly on their own share of the data), their combination (by default the union: a weight survives if any weak mask keeps it) and the round's mask, pruned back to the round's target. For &lt;b&gt;IMP&lt;/b&gt; each row is one round's mask. Each column is a layer and component (q, k, v: the attention's query, key and value; o: its output; in, out: the FFN); the colour is the share of that part's weights pruned. Masks that differ show where the weak masks disagree.&lt;/p&gt;&lt;p&gt;At the end the summary gives the compute every run spent, to set a method's cost against IMP's, and for &lt;b&gt;Adapting by Pruning&lt;/b&gt; how many pruned connections came back.&lt;/p&gt;</source>
        <translation>&lt;p&gt;进行中的训练: 蓝线是每一步的损失, 红点是每次评估的验证指标 (右轴), 灰色虚线是到目前为止被剪枝的单元或权重比例。ADMM 还会画出原始残差 (权重离 n:m 模式有多远) 和对偶残差 (模式还在变化多少); 两者都应在投影之前下降。&lt;/p&gt;&lt;p&gt;按轮次剪枝的方法会在下方画出一张图。对 &lt;b&gt;Instant Soup Pruning&lt;/b&gt;, 每一行是最新一轮的一个掩码: 去噪器 (在各自的一部分数据上短暂训练的副本) 的弱掩码、它们的合并 (默认为并集: 只要有一个弱掩码保留, 权重就保留), 以及剪回本轮目标的本轮掩码。对 &lt;b&gt;IMP&lt;/b&gt;, 每一行是一轮的掩码。每一列是一个层和组件 (q、k、v: 注意力的 query、key、value; o: 其输出; in、out: FFN); 颜色是该部分权重被剪枝的比例。掩码之间的差异显示弱掩码在哪里意见不一。&lt;/p&gt;&lt;p&gt;结束时, 摘要给出所有运行花费的计算量, 以便与 IMP 的代价比较; 对 &lt;b&gt;Adapting by Pruning&lt;/b&gt; 还给出有多少被剪枝的连接恢复了。&lt;/p&gt;</translation>
    </message>
    <message>
        <location filename="../widgets/help_texts.cpp" line="119" />
        <source>What am I looking at?</source>
        <translation>这里显示的是什么？</translation>
    </message>
</context>
<context>
    <name>MethodOptions</name>
    <message>
        <location filename="../widgets/method_texts.cpp" line="10" />
        <source>method.random</source>
        <extracomment>Random</extracomment>
        <translation>随机</translation>
    </message>
    <message>
        <location filename="../widgets/method_texts.cpp" line="12" />
        <source>method.magnitude</source>
        <extracomment>Magnitude</extracomment>
        <translation>幅值 (Magnitude)</translation>
    </message>
    <message>
        <location filename="../widgets/method_texts.cpp" line="14" />
        <source>method.gradient</source>
        <extracomment>Gradient</extracomment>
        <translation>梯度</translation>
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
        <translation>按批取绝对值</translation>
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
        <translation>注意力头重要性</translation>
    </message>
    <message>
        <location filename="../widgets/method_texts.cpp" line="24" />
        <source>method.head-importance.normalize-per-layer</source>
        <extracomment>L2-normalise the scores within each layer</extracomment>
        <translation>逐层归一化</translation>
    </message>
    <message>
        <location filename="../widgets/method_texts.cpp" line="26" />
        <source>method.head-importance.normalize-globally</source>
        <extracomment>min-max normalise the scores over all units</extracomment>
        <translation>全局归一化</translation>
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
        <translation>CAM 偏移 c</translation>
    </message>
    <message>
        <location filename="../widgets/method_texts.cpp" line="34" />
        <source>method.cam-cut.include-padding</source>
        <extracomment>average over padding tokens too, as the authors' code does</extracomment>
        <translation>平均时包含填充标记</translation>
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
        <translation>样本数 K</translation>
    </message>
    <message>
        <location filename="../widgets/method_texts.cpp" line="40" />
        <source>method.smooth-cut.sigma</source>
        <extracomment>the noise's standard deviation (relative to the embeddings' spread when on embeddings)</extracomment>
        <translation>噪声标准差</translation>
    </message>
    <message>
        <location filename="../widgets/method_texts.cpp" line="42" />
        <source>method.smooth-cut.relative-sigma</source>
        <extracomment>sigma as a share of each noisy tensor's own standard deviation in the pass (every linear output's, or the embeddings')</extracomment>
        <translation>σ 取为各张量自身标准差的比例</translation>
    </message>
    <message>
        <location filename="../widgets/method_texts.cpp" line="44" />
        <source>method.smooth-cut.noise-on</source>
        <extracomment>add the noise to every linear output or to the input embeddings</extracomment>
        <translation>噪声加在</translation>
    </message>
    <message>
        <location filename="../widgets/method_texts.cpp" line="46" />
        <source>method.smooth-cut.batched</source>
        <extracomment>run the K noisy copies as one batch</extracomment>
        <translation>作为一批运行</translation>
    </message>
    <message>
        <location filename="../widgets/method_texts.cpp" line="48" />
        <source>method.hard</source>
        <extracomment>Movement pruning, hard (Sanh et al. 2020)</extracomment>
        <translation>Movement pruning (硬，Sanh 等 2020)</translation>
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
        <translation>最终保留比例 v_f</translation>
    </message>
    <message>
        <location filename="../widgets/method_texts.cpp" line="54" />
        <source>method.hard.prune-warmup</source>
        <extracomment>t1, the share of the steps before pruning starts</extracomment>
        <translation>剪枝前比例 t1</translation>
    </message>
    <message>
        <location filename="../widgets/method_texts.cpp" line="56" />
        <source>method.hard.prune-cooldown</source>
        <extracomment>t2, the share of the last steps at v_f</extracomment>
        <translation>末段比例 t2</translation>
    </message>
    <message>
        <location filename="../widgets/method_texts.cpp" line="58" />
        <source>method.hard.score-lr</source>
        <extracomment>the learning rate of the scores S</extracomment>
        <translation>分数学习率</translation>
    </message>
    <message>
        <location filename="../widgets/method_texts.cpp" line="60" />
        <source>method.soft</source>
        <extracomment>Movement pruning, soft (Sanh et al. 2020)</extracomment>
        <translation>Movement pruning (软，Sanh 等 2020)</translation>
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
        <translation>最终保留比例 v_f</translation>
    </message>
    <message>
        <location filename="../widgets/method_texts.cpp" line="66" />
        <source>method.soft.prune-warmup</source>
        <extracomment>t1, the share of the steps before pruning starts</extracomment>
        <translation>剪枝前比例 t1</translation>
    </message>
    <message>
        <location filename="../widgets/method_texts.cpp" line="68" />
        <source>method.soft.prune-cooldown</source>
        <extracomment>t2, the share of the last steps at v_f</extracomment>
        <translation>末段比例 t2</translation>
    </message>
    <message>
        <location filename="../widgets/method_texts.cpp" line="70" />
        <source>method.soft.score-lr</source>
        <extracomment>the learning rate of the scores S</extracomment>
        <translation>分数学习率</translation>
    </message>
    <message>
        <location filename="../widgets/method_texts.cpp" line="72" />
        <source>method.soft.penalty</source>
        <extracomment>lambda_f, the weight of the penalty on sigmoid(S)</extracomment>
        <translation>惩罚系数 λ_f</translation>
    </message>
    <message>
        <location filename="../widgets/method_texts.cpp" line="74" />
        <source>method.soft.threshold</source>
        <extracomment>tau: a unit is kept where sigmoid(S) &gt; tau</extracomment>
        <translation>阈值 τ</translation>
    </message>
    <message>
        <location filename="../widgets/method_texts.cpp" line="76" />
        <source>method.gum</source>
        <extracomment>GUM (Santacroce et al. 2023)</extracomment>
        <translation>GUM (Santacroce 等 2023)</translation>
    </message>
    <message>
        <location filename="../widgets/method_texts.cpp" line="78" />
        <source>method.gum.final-keep</source>
        <extracomment>v_f, the share of the units kept at the end</extracomment>
        <translation>最终保留比例 v_f</translation>
    </message>
    <message>
        <location filename="../widgets/method_texts.cpp" line="80" />
        <source>method.gum.prune-warmup</source>
        <extracomment>t1, the share of the steps before pruning starts</extracomment>
        <translation>剪枝前比例 t1</translation>
    </message>
    <message>
        <location filename="../widgets/method_texts.cpp" line="82" />
        <source>method.gum.prune-cooldown</source>
        <extracomment>t2, the share of the last steps at v_f</extracomment>
        <translation>末段比例 t2</translation>
    </message>
    <message>
        <location filename="../widgets/method_texts.cpp" line="84" />
        <source>method.gum.score-lr</source>
        <extracomment>the learning rate of the scores S</extracomment>
        <translation>分数学习率</translation>
    </message>
    <message>
        <location filename="../widgets/method_texts.cpp" line="86" />
        <source>method.gum.penalty</source>
        <extracomment>lambda_f, the weight of the penalty on sigmoid(S)</extracomment>
        <translation>惩罚系数 λ_f</translation>
    </message>
    <message>
        <location filename="../widgets/method_texts.cpp" line="88" />
        <source>method.gum.uniqueness</source>
        <extracomment>lambda_u, the weight of a neuron's redundancy in the penalty</extracomment>
        <translation>冗余权重 λ_u</translation>
    </message>
    <message>
        <location filename="../widgets/method_texts.cpp" line="90" />
        <source>method.admm</source>
        <extracomment>ADMM toward an N:M pattern</extracomment>
        <translation>ADMM 学习 N:M 模式</translation>
    </message>
    <message>
        <location filename="../widgets/method_texts.cpp" line="92" />
        <source>method.admm.rho</source>
        <extracomment>rho at the start</extracomment>
        <translation>初始 ρ</translation>
    </message>
    <message>
        <location filename="../widgets/method_texts.cpp" line="94" />
        <source>method.admm.rho-growth</source>
        <extracomment>rho's factor per round</extracomment>
        <translation>ρ 增长系数</translation>
    </message>
    <message>
        <location filename="../widgets/method_texts.cpp" line="96" />
        <source>method.admm.rounds</source>
        <extracomment>Z- and U-steps before the projection</extracomment>
        <translation>轮数</translation>
    </message>
    <message>
        <location filename="../widgets/method_texts.cpp" line="98" />
        <source>method.admm.retrain</source>
        <extracomment>the share of the steps left to retrain under the mask</extracomment>
        <translation>重新训练比例</translation>
    </message>
    <message>
        <location filename="../widgets/method_texts.cpp" line="100" />
        <source>method.sr-ste</source>
        <extracomment>SR-STE toward an N:M pattern (Zhou et al. 2021)</extracomment>
        <translation>SR-STE 学习 N:M 模式 (Zhou 等 2021)</translation>
    </message>
    <message>
        <location filename="../widgets/method_texts.cpp" line="102" />
        <source>method.sr-ste.decay</source>
        <extracomment>lambda_W, the decay of the pruned weights</extracomment>
        <translation>衰减 λ_W</translation>
    </message>
    <message>
        <location filename="../widgets/method_texts.cpp" line="104" />
        <source>method.isp</source>
        <extracomment>Instant Soup Pruning (Jaiswal et al. 2023)</extracomment>
        <translation>Instant Soup Pruning (Jaiswal 等 2023)</translation>
    </message>
    <message>
        <location filename="../widgets/method_texts.cpp" line="106" />
        <source>method.isp.sparsity</source>
        <extracomment>the share of the prunable weights pruned at the end</extracomment>
        <translation>目标稀疏度</translation>
    </message>
    <message>
        <location filename="../widgets/method_texts.cpp" line="108" />
        <source>method.isp.rounds</source>
        <extracomment>k, the pruning rounds</extracomment>
        <translation>剪枝轮数 k</translation>
    </message>
    <message>
        <location filename="../widgets/method_texts.cpp" line="110" />
        <source>method.isp.rate</source>
        <extracomment>of the remaining weights per round; 0: the target in k rounds</extracomment>
        <translation>每轮比例</translation>
    </message>
    <message>
        <location filename="../widgets/method_texts.cpp" line="112" />
        <source>method.isp.round-share</source>
        <extracomment>t, a round's main training as a share of an epoch</extracomment>
        <translation>每轮训练比例 t</translation>
    </message>
    <message>
        <location filename="../widgets/method_texts.cpp" line="114" />
        <source>method.isp.denoisers</source>
        <extracomment>N, the denoisers per round</extracomment>
        <translation>去噪器数量 N</translation>
    </message>
    <message>
        <location filename="../widgets/method_texts.cpp" line="116" />
        <source>method.isp.denoiser-steps</source>
        <extracomment>C, each denoiser's training steps</extracomment>
        <translation>去噪器步数 C</translation>
    </message>
    <message>
        <location filename="../widgets/method_texts.cpp" line="118" />
        <source>method.isp.denoiser-data</source>
        <extracomment>each denoiser's share of the training data</extracomment>
        <translation>去噪器数据比例</translation>
    </message>
    <message>
        <location filename="../widgets/method_texts.cpp" line="120" />
        <source>method.isp.combine</source>
        <extracomment>how the denoisers' keep-masks combine</extracomment>
        <translation>掩码合并方式</translation>
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
        <translation>排序范围</translation>
    </message>
    <message>
        <location filename="../widgets/method_texts.cpp" line="126" />
        <source>method.abp</source>
        <extracomment>Adapting by Pruning (Gao et al. 2021)</extracomment>
        <translation>Adapting by Pruning (Gao 等 2021)</translation>
    </message>
    <message>
        <location filename="../widgets/method_texts.cpp" line="128" />
        <source>method.abp.sparsity</source>
        <extracomment>the share of the prunable weights pruned at the end</extracomment>
        <translation>目标稀疏度</translation>
    </message>
    <message>
        <location filename="../widgets/method_texts.cpp" line="130" />
        <source>method.abp.push</source>
        <extracomment>lambda, theta's push per step; 0 (or auto): theta0's mean / (0.6 steps)</extracomment>
        <translation>推动量 λ</translation>
    </message>
    <message>
        <location filename="../widgets/method_texts.cpp" line="132" />
        <source>method.abp.mask-lr</source>
        <extracomment>the learning rate of theta</extracomment>
        <translation>掩码学习率</translation>
    </message>
    <message>
        <location filename="../widgets/method_texts.cpp" line="134" />
        <source>method.abp.recovery</source>
        <extracomment>a pruned weight may come back</extracomment>
        <translation>允许已剪权重恢复</translation>
    </message>
    <message>
        <location filename="../widgets/method_texts.cpp" line="136" />
        <source>method.imp</source>
        <extracomment>Iterative magnitude pruning with rewind (Frankle &amp; Carbin 2019)</extracomment>
        <translation>带回退的迭代幅值剪枝 (Frankle &amp; Carbin 2019)</translation>
    </message>
    <message>
        <location filename="../widgets/method_texts.cpp" line="138" />
        <source>method.imp.sparsity</source>
        <extracomment>the share of the prunable weights pruned at the end</extracomment>
        <translation>目标稀疏度</translation>
    </message>
    <message>
        <location filename="../widgets/method_texts.cpp" line="140" />
        <source>method.imp.rate</source>
        <extracomment>of the remaining weights per round</extracomment>
        <translation>每轮比例</translation>
    </message>
    <message>
        <location filename="../widgets/method_texts.cpp" line="142" />
        <source>method.imp.rewind</source>
        <extracomment>the step rewound to; 0: the starting weights</extracomment>
        <translation>回退到的步数</translation>
    </message>
    <message>
        <location filename="../widgets/method_texts.cpp" line="144" />
        <source>method.imp.scope</source>
        <extracomment>|W| ranked over all matrices, or within each</extracomment>
        <translation>排序范围</translation>
    </message>
    <message>
        <location filename="../widgets/method_texts.cpp" line="146" />
        <source>method.deepcuts</source>
        <extracomment>Prune once and rewind (the DeepCuts procedure)</extracomment>
        <translation>一次剪枝并回退 (DeepCuts 流程)</translation>
    </message>
    <message>
        <location filename="../widgets/method_texts.cpp" line="148" />
        <source>method.deepcuts.sparsity</source>
        <extracomment>the share of the prunable weights pruned at the end</extracomment>
        <translation>目标稀疏度</translation>
    </message>
    <message>
        <location filename="../widgets/method_texts.cpp" line="150" />
        <source>method.deepcuts.score</source>
        <extracomment>the single-shot method that ranks the weights once, after the dense fine-tuning</extracomment>
        <translation>评分方法</translation>
    </message>
    <message>
        <location filename="../widgets/method_texts.cpp" line="152" />
        <source>method.deepcuts.score-examples</source>
        <extracomment>the training examples scored, a seeded sample; 0: all</extracomment>
        <translation>用于评分的训练样本数</translation>
    </message>
    <message>
        <location filename="../widgets/method_texts.cpp" line="154" />
        <source>method.deepcuts.rewind</source>
        <extracomment>rewind the kept weights to the starting checkpoint before the masked fine-tuning</extracomment>
        <translation>将保留的权重回退到起始值</translation>
    </message>
    <message>
        <location filename="../widgets/method_texts.cpp" line="156" />
        <source>method.deepcuts.scope</source>
        <extracomment>scores ranked within each matrix (DeepCuts) or over all</extracomment>
        <translation>排序范围</translation>
    </message>
    <message>
        <location filename="../widgets/method_texts.cpp" line="158" />
        <source>method.deepcuts.absolute-per-batch</source>
        <extracomment>taylor: sum each batch's |.| (true) or take |.| of the sum over batches</extracomment>
        <translation>逐批取绝对值 (taylor)</translation>
    </message>
    <message>
        <location filename="../widgets/method_texts.cpp" line="160" />
        <source>method.deepcuts.cam-shift</source>
        <extracomment>cam-cut: c added to the mean output (10: the shift variant, 0: plain)</extracomment>
        <translation>CAM 偏移 c (cam-cut)</translation>
    </message>
    <message>
        <location filename="../widgets/method_texts.cpp" line="162" />
        <source>method.deepcuts.include-padding</source>
        <extracomment>cam-cut: average over padding tokens too, as the authors' code does</extracomment>
        <translation>平均时包含填充 (cam-cut)</translation>
    </message>
    <message>
        <location filename="../widgets/method_texts.cpp" line="164" />
        <source>method.deepcuts.samples</source>
        <extracomment>smooth-cut: the number K of noisy passes</extracomment>
        <translation>样本数 K (smooth-cut)</translation>
    </message>
    <message>
        <location filename="../widgets/method_texts.cpp" line="166" />
        <source>method.deepcuts.sigma</source>
        <extracomment>smooth-cut: the noise's standard deviation (relative to the embeddings' spread when on embeddings)</extracomment>
        <translation>噪声标准差 (smooth-cut)</translation>
    </message>
    <message>
        <location filename="../widgets/method_texts.cpp" line="168" />
        <source>method.deepcuts.relative-sigma</source>
        <extracomment>smooth-cut: sigma as a share of each noisy tensor's own standard deviation in the pass (every linear output's, or the embeddings')</extracomment>
        <translation>σ 取为各张量自身标准差的比例 (smooth-cut)</translation>
    </message>
    <message>
        <location filename="../widgets/method_texts.cpp" line="170" />
        <source>method.deepcuts.noise-on</source>
        <extracomment>smooth-cut: add the noise to every linear output or to the input embeddings</extracomment>
        <translation>噪声添加位置 (smooth-cut)</translation>
    </message>
    <message>
        <location filename="../widgets/method_texts.cpp" line="172" />
        <source>method.deepcuts.batched</source>
        <extracomment>smooth-cut: run the K noisy copies as one batch</extracomment>
        <translation>作为一个批次运行 (smooth-cut)</translation>
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
        <translation>目标稀疏度</translation>
    </message>
    <message>
        <location filename="../widgets/method_texts.cpp" line="178" />
        <source>method.sparsegpt.pattern</source>
        <extracomment>unstructured, or n of every m consecutive inputs kept in each row</extracomment>
        <translation>模式</translation>
    </message>
    <message>
        <location filename="../widgets/method_texts.cpp" line="180" />
        <source>method.sparsegpt.dampening</source>
        <extracomment>lambda as a share of the mean of diag H, added to H</extracomment>
        <translation>阻尼 (相对 diag H 均值的比例)</translation>
    </message>
    <message>
        <location filename="../widgets/method_texts.cpp" line="182" />
        <source>method.sparsegpt.block-size</source>
        <extracomment>B, the columns pruned before the lazy batch update</extracomment>
        <translation>块的列数 B</translation>
    </message>
</context>
<context>
    <name>QObject</name>
    <message>
        <location filename="../widgets/study_dialogs.cpp" line="55" />
        <source>global: one threshold over the whole model; layer: the same fraction in every layer; tensor / row: per matrix or per output row; layer-normalized: scores divided by their layer's norm, then global</source>
        <translation>global：整个模型使用同一阈值；layer：每层剪枝相同比例；tensor / row：按矩阵或按输出行；layer-normalized：将分数除以所在层的范数，再按 global 处理</translation>
    </message>
    <message>
        <location filename="../widgets/study_dialogs.cpp" line="103" />
        <source>The share of the study's sample set apart by a seeded shuffle and evaluated on; the methods score on the rest</source>
        <translation>按带种子的随机打乱从研究样本中留出用于评估的比例；各方法在其余部分上评分</translation>
    </message>
    <message>
        <location filename="../widgets/study_dialogs.cpp" line="112" />
        <source>Browse…</source>
        <translation>浏览…</translation>
    </message>
</context>
<context>
    <name>main</name>
    <message>
        <location filename="../app/gui/main.cpp" line="62" />
        <source>Interactive pruning analysis of transformer models</source>
        <translation>Transformer 模型的交互式剪枝分析</translation>
    </message>
    <message>
        <location filename="../app/gui/main.cpp" line="65" />
        <source>Study folder to open (default: the demo study).</source>
        <translation>要打开的研究文件夹（默认：演示研究）。</translation>
    </message>
    <message>
        <location filename="../app/gui/main.cpp" line="67" />
        <source>Checkpoint folder to show, without a study.</source>
        <translation>不使用研究、直接显示的检查点文件夹。</translation>
    </message>
    <message>
        <location filename="../app/gui/main.cpp" line="82" />
        <source>--view must be heads, neurons, weights, attribution, curves or compare</source>
        <translation>--view 必须是 heads、neurons、weights、attribution、curves 或 compare</translation>
    </message>
    <message>
        <location filename="../app/gui/main.cpp" line="92" />
        <source>--report needs a study, not --model</source>
        <translation>--report 需要研究，而不是 --model</translation>
    </message>
    <message>
        <location filename="../app/gui/main.cpp" line="100" />
        <source>Cannot write %1</source>
        <translation>无法写入 %1</translation>
    </message>
    <message>
        <location filename="../app/gui/main.cpp" line="144" />
        <source>Report written to %1</source>
        <translation>报告已写入 %1</translation>
    </message>
    <message>
        <location filename="../app/gui/main.cpp" line="103" />
        <location filename="../app/gui/main.cpp" line="147" />
        <source>Picture written to %1</source>
        <translation>图片已写入 %1</translation>
    </message>
    <message>
        <location filename="../app/gui/main.cpp" line="70" />
        <source>VIEW</source>
        <translation>视图</translation>
    </message>
    <message>
        <location filename="../app/gui/main.cpp" line="71" />
        <source>Render the view into a PNG file and exit.</source>
        <translation>将视图渲染为 PNG 文件后退出。</translation>
    </message>
    <message>
        <location filename="../app/gui/main.cpp" line="73" />
        <source>Render every view and a report.md into a folder and exit.</source>
        <translation>将所有视图和 report.md 渲染到一个文件夹后退出。</translation>
    </message>
    <message>
        <location filename="../app/gui/main.cpp" line="66" />
        <location filename="../app/gui/main.cpp" line="68" />
        <location filename="../app/gui/main.cpp" line="74" />
        <source>DIR</source>
        <translation>文件夹</translation>
    </message>
    <message>
        <location filename="../app/gui/main.cpp" line="69" />
        <source>View for --screenshot: heads, neurons, weights, attribution, curves or compare.</source>
        <translation>--screenshot 的视图：heads、neurons、weights、attribution、curves 或 compare。</translation>
    </message>
    <message>
        <location filename="../app/gui/main.cpp" line="72" />
        <source>FILE</source>
        <translation>文件</translation>
    </message>
</context>
<context>
    <name>prunescope::AttributionDialog</name>
    <message>
        <location filename="../widgets/study_dialogs.cpp" line="239" />
        <source>Attribution</source>
        <translation>归因</translation>
    </message>
    <message>
        <location filename="../widgets/study_dialogs.cpp" line="241" />
        <source>gradcam: each layer's output weighted by its gradient; smoothgrad: the input gradient averaged over noisy copies</source>
        <translation>gradcam：每层输出按其梯度加权；smoothgrad：在加噪副本上平均的输入梯度</translation>
    </message>
    <message>
        <location filename="../widgets/study_dialogs.cpp" line="245" />
        <source>The tower whose inputs are attributed: tokens (text) or image patches (vision, which needs image data)</source>
        <translation>要归因其输入的塔：词元（text）或图像块（vision，需要图像数据）</translation>
    </message>
    <message>
        <location filename="../widgets/study_dialogs.cpp" line="248" />
        <source>Method:</source>
        <translation>方法:</translation>
    </message>
    <message>
        <location filename="../widgets/study_dialogs.cpp" line="249" />
        <source>Tower:</source>
        <translation>塔:</translation>
    </message>
</context>
<context>
    <name>prunescope::AttributionView</name>
    <message>
        <location filename="../widgets/attribution_view.cpp" line="32" />
        <source>Which input of the study's first batch to show</source>
        <translation>要显示研究第一个批次中的哪个输入</translation>
    </message>
    <message>
        <location filename="../widgets/attribution_view.cpp" line="33" />
        <source>GradCAM: the layer whose output is read (0 is the first)</source>
        <translation>GradCAM：读取其输出的层（0 为第一层）</translation>
    </message>
    <message>
        <location filename="../widgets/attribution_view.cpp" line="34" />
        <source>Explains GradCAM and SmoothGrad attribution</source>
        <translation>说明 GradCAM 和 SmoothGrad 归因</translation>
    </message>
    <message>
        <location filename="../widgets/attribution_view.cpp" line="36" />
        <source>Example:</source>
        <translation>样本：</translation>
    </message>
    <message>
        <location filename="../widgets/attribution_view.cpp" line="38" />
        <source>Layer:</source>
        <translation>层：</translation>
    </message>
    <message>
        <location filename="../widgets/attribution_view.cpp" line="51" />
        <source>The colour scale of this example: each token or patch coloured by its attribution relative to the largest of the example</source>
        <translation>此示例的颜色刻度：每个词元或图块按其归因相对于该示例最大值着色</translation>
    </message>
    <message>
        <location filename="../widgets/attribution_view.cpp" line="173" />
        <source>%1 lowers the target</source>
        <translation>%1 降低目标</translation>
    </message>
    <message>
        <location filename="../widgets/attribution_view.cpp" line="174" />
        <source>%1 raises it</source>
        <translation>%1 提高目标</translation>
    </message>
    <message>
        <location filename="../widgets/attribution_view.cpp" line="203" />
        <source>Run an attribution (Analysis → Attribution) to see which tokens drive the output.</source>
        <translation>运行归因（分析 → 归因）即可查看哪些词元驱动了输出。</translation>
    </message>
    <message>
        <location filename="../widgets/attribution_view.cpp" line="213" />
        <source>%1 of %2, example %3%4</source>
        <translation>%2 的 %1，样本 %3%4</translation>
    </message>
    <message>
        <location filename="../widgets/attribution_view.cpp" line="216" />
        <source>, layer %1</source>
        <translation>，层 %1</translation>
    </message>
</context>
<context>
    <name>prunescope::CompareDialog</name>
    <message>
        <location filename="../widgets/study_dialogs.cpp" line="377" />
        <source>Compare</source>
        <translation>比较</translation>
    </message>
    <message>
        <location filename="../widgets/study_dialogs.cpp" line="382" />
        <source>Masks are compared by the units they prune, score maps by how they rank the units</source>
        <translation>掩码按其剪枝的单元比较，分数图按其对单元的排序比较</translation>
    </message>
    <message>
        <location filename="../widgets/study_dialogs.cpp" line="384" />
        <source>Masks and scores:</source>
        <translation>掩码和分数：</translation>
    </message>
</context>
<context>
    <name>prunescope::ComparisonView</name>
    <message>
        <location filename="../widgets/comparison_view.cpp" line="30" />
        <source>kept by both</source>
        <translation>两者都保留</translation>
    </message>
    <message>
        <location filename="../widgets/comparison_view.cpp" line="30" />
        <source>pruned by both</source>
        <translation>两者都剪枝</translation>
    </message>
    <message>
        <location filename="../widgets/comparison_view.cpp" line="31" />
        <source>pruned here only</source>
        <translation>仅此处剪枝</translation>
    </message>
    <message>
        <location filename="../widgets/comparison_view.cpp" line="31" />
        <source>kept here only</source>
        <translation>仅此处保留</translation>
    </message>
    <message>
        <location filename="../widgets/comparison_view.cpp" line="37" />
        <source>IoU of pruned units</source>
        <translation>剪枝单元的 IoU</translation>
    </message>
    <message>
        <location filename="../widgets/comparison_view.cpp" line="39" />
        <source>Cosine of the masks</source>
        <translation>掩码的余弦相似度</translation>
    </message>
    <message>
        <location filename="../widgets/comparison_view.cpp" line="41" />
        <source>Hamming distance</source>
        <translation>汉明距离</translation>
    </message>
    <message>
        <location filename="../widgets/comparison_view.cpp" line="43" />
        <source>Spearman rank correlation</source>
        <translation>Spearman 秩相关</translation>
    </message>
    <message>
        <location filename="../widgets/comparison_view.cpp" line="45" />
        <source>Kendall's tau</source>
        <translation>Kendall tau</translation>
    </message>
    <message>
        <location filename="../widgets/comparison_view.cpp" line="47" />
        <source>Top-10% overlap</source>
        <translation>前 10% 重叠</translation>
    </message>
    <message>
        <location filename="../widgets/comparison_view.cpp" line="109" />
        <source>Compare masks and score maps (Analysis → Compare) to see here how they agree.</source>
        <translation>比较掩码和分数图（分析 → 比较），即可在此查看它们的一致程度。</translation>
    </message>
    <message>
        <location filename="../widgets/comparison_view.cpp" line="121" />
        <source>The metric of the matrix and of the curve</source>
        <translation>矩阵和曲线的指标</translation>
    </message>
    <message>
        <location filename="../widgets/comparison_view.cpp" line="122" />
        <source>The matrix over all layers, or over one layer</source>
        <translation>所有层或单个层上的矩阵</translation>
    </message>
    <message>
        <location filename="../widgets/comparison_view.cpp" line="123" />
        <source>The map the two items are drawn on: heads or FFN neurons</source>
        <translation>绘制两个条目的图：注意力头或 FFN 神经元</translation>
    </message>
    <message>
        <location filename="../widgets/comparison_view.cpp" line="124" />
        <source>Explains the comparison metrics and colours</source>
        <translation>说明比较的指标和颜色</translation>
    </message>
    <message>
        <location filename="../widgets/comparison_view.cpp" line="126" />
        <source>Metric:</source>
        <translation>指标：</translation>
    </message>
    <message>
        <location filename="../widgets/comparison_view.cpp" line="128" />
        <source>Layers:</source>
        <translation>层：</translation>
    </message>
    <message>
        <location filename="../widgets/comparison_view.cpp" line="130" />
        <source>Items:</source>
        <translation>项目：</translation>
    </message>
    <message>
        <location filename="../widgets/comparison_view.cpp" line="133" />
        <source>The items the matrix shows: those the metric compares, grouped; one group; or all</source>
        <translation>矩阵显示的项目：该指标可比较的项目（按组排列）、某一组，或全部</translation>
    </message>
    <message>
        <location filename="../widgets/comparison_view.cpp" line="137" />
        <source>Click a cell to see that pair layer by layer</source>
        <translation>点击单元格即可逐层查看这一对</translation>
    </message>
    <message>
        <location filename="../widgets/comparison_view.cpp" line="141" />
        <location filename="../widgets/comparison_view.cpp" line="526" />
        <source>layer</source>
        <translation>层</translation>
    </message>
    <message>
        <location filename="../widgets/comparison_view.cpp" line="153" />
        <source>Map:</source>
        <translation>图：</translation>
    </message>
    <message>
        <location filename="../widgets/comparison_view.cpp" line="210" />
        <source>All layers</source>
        <translation>所有层</translation>
    </message>
    <message>
        <location filename="../widgets/comparison_view.cpp" line="217" />
        <source>%1 vs %2
%3: %4</source>
        <translation>%1 与 %2
%3：%4</translation>
    </message>
    <message>
        <location filename="../widgets/comparison_view.cpp" line="260" />
        <source>Compared, grouped</source>
        <translation>可比较的项目（按组）</translation>
    </message>
    <message>
        <location filename="../widgets/comparison_view.cpp" line="261" />
        <source>All items</source>
        <translation>全部项目</translation>
    </message>
    <message>
        <location filename="../widgets/comparison_view.cpp" line="275" />
        <source>score maps</source>
        <translation>评分图</translation>
    </message>
    <message>
        <location filename="../widgets/comparison_view.cpp" line="276" />
        <source>head masks</source>
        <translation>注意力头掩码</translation>
    </message>
    <message>
        <location filename="../widgets/comparison_view.cpp" line="277" />
        <source>neuron masks</source>
        <translation>神经元掩码</translation>
    </message>
    <message>
        <location filename="../widgets/comparison_view.cpp" line="278" />
        <source>masks</source>
        <translation>掩码</translation>
    </message>
    <message numerus="yes">
        <location filename="../widgets/comparison_view.cpp" line="279" />
        <source>%1 (%n)</source>
        <translation>
            <numerusform>%1（%n）</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../widgets/comparison_view.cpp" line="357" />
        <source>%1 of %n item(s), %2</source>
        <translation>
            <numerusform>%n 个项目的 %1，%2</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../widgets/comparison_view.cpp" line="433" />
        <source>&lt;b&gt;%1&lt;/b&gt; vs &lt;b&gt;%2&lt;/b&gt;: no metric compares a mask with a score map</source>
        <translation>&lt;b&gt;%1&lt;/b&gt; 与 &lt;b&gt;%2&lt;/b&gt;：没有指标比较掩码与分数图</translation>
    </message>
    <message>
        <location filename="../widgets/comparison_view.cpp" line="434" />
        <source>&lt;b&gt;%1&lt;/b&gt; vs &lt;b&gt;%2&lt;/b&gt;: %3 %4 over all layers</source>
        <translation>&lt;b&gt;%1&lt;/b&gt; 与 &lt;b&gt;%2&lt;/b&gt;：所有层上 %3 %4</translation>
    </message>
    <message>
        <location filename="../widgets/comparison_view.cpp" line="476" />
        <source>%1: FFN sparsity</source>
        <translation>%1：FFN 稀疏度</translation>
    </message>
    <message>
        <location filename="../widgets/comparison_view.cpp" line="477" />
        <source>%1: attention sparsity</source>
        <translation>%1：注意力稀疏度</translation>
    </message>
    <message>
        <location filename="../widgets/comparison_view.cpp" line="516" />
        <source>The head and neuron maps of these items cannot be read from the study.</source>
        <translation>无法从研究中读取这些条目的注意力头和神经元图。</translation>
    </message>
    <message>
        <location filename="../widgets/comparison_view.cpp" line="520" />
        <source>head</source>
        <translation>注意力头</translation>
    </message>
    <message>
        <location filename="../widgets/comparison_view.cpp" line="520" />
        <source>neuron</source>
        <translation>神经元</translation>
    </message>
    <message>
        <location filename="../widgets/comparison_view.cpp" line="529" />
        <location filename="../widgets/comparison_view.cpp" line="530" />
        <source>&lt;b&gt;%1&lt;/b&gt; (%2)</source>
        <translation>&lt;b&gt;%1&lt;/b&gt;（%2）</translation>
    </message>
    <message>
        <location filename="../widgets/comparison_view.cpp" line="529" />
        <location filename="../widgets/comparison_view.cpp" line="530" />
        <source>mask</source>
        <translation>掩码</translation>
    </message>
    <message>
        <location filename="../widgets/comparison_view.cpp" line="529" />
        <location filename="../widgets/comparison_view.cpp" line="530" />
        <source>scores</source>
        <translation>分数</translation>
    </message>
    <message>
        <location filename="../widgets/comparison_view.cpp" line="540" />
        <source>They agree on %1 of %2 units (%3%): %4 kept by both, %5 pruned by both; %6 pruned only by %7, %8 pruned only by %9.</source>
        <translation>%2 个单元中有 %1 个一致（%3%）：两者都保留 %4 个，两者都剪枝 %5 个；仅 %7 剪枝 %6 个，仅 %9 剪枝 %8 个。</translation>
    </message>
</context>
<context>
    <name>prunescope::CurvesView</name>
    <message>
        <location filename="../widgets/curves_view.cpp" line="36" />
        <source>Run a sweep (Analysis → Sweep) to compare methods across sparsities.</source>
        <translation>运行扫描（分析 → 扫描）以比较不同稀疏度下的各方法。</translation>
    </message>
    <message>
        <location filename="../widgets/curves_view.cpp" line="40" />
        <source>The metric plotted against sparsity</source>
        <translation>相对稀疏度绘制的指标</translation>
    </message>
    <message>
        <location filename="../widgets/curves_view.cpp" line="41" />
        <source>Export…</source>
        <translation>导出…</translation>
    </message>
    <message>
        <location filename="../widgets/curves_view.cpp" line="42" />
        <source>Save the plot as PNG or SVG, or the numbers as CSV</source>
        <translation>将图表保存为 PNG 或 SVG，或将数值保存为 CSV</translation>
    </message>
    <message>
        <location filename="../widgets/curves_view.cpp" line="43" />
        <source>Explains the accuracy-against-sparsity curves</source>
        <translation>说明准确率-稀疏度曲线</translation>
    </message>
    <message>
        <location filename="../widgets/curves_view.cpp" line="45" />
        <source>Metric:</source>
        <translation>指标：</translation>
    </message>
    <message>
        <location filename="../widgets/curves_view.cpp" line="63" />
        <location filename="../widgets/curves_view.cpp" line="135" />
        <source>sparsity (fraction of units pruned)</source>
        <translation>稀疏度（被剪枝单元的比例）</translation>
    </message>
    <message>
        <location filename="../widgets/curves_view.cpp" line="135" />
        <location filename="../widgets/curves_view.cpp" line="213" />
        <source>Smooth-Cut's noise sigma</source>
        <translation>Smooth-Cut 的噪声 σ</translation>
    </message>
    <message>
        <location filename="../widgets/curves_view.cpp" line="155" />
        <source>%1 against %2 sparsity</source>
        <translation>%1 随 %2 稀疏度的变化</translation>
    </message>
    <message>
        <location filename="../widgets/curves_view.cpp" line="157" />
        <source>, %1 scope</source>
        <translation>，范围 %1</translation>
    </message>
    <message>
        <location filename="../widgets/curves_view.cpp" line="158" />
        <location filename="../widgets/curves_view.cpp" line="211" />
        <source>%1: %2</source>
        <translation>%1：%2</translation>
    </message>
    <message>
        <location filename="../widgets/curves_view.cpp" line="164" />
        <source>%1 (mean of %2 draws, range shaded)</source>
        <translation>%1（%2 次抽取的平均值，阴影为范围）</translation>
    </message>
    <message>
        <location filename="../widgets/curves_view.cpp" line="190" />
        <location filename="../widgets/curves_view.cpp" line="241" />
        <source>dense</source>
        <translation>稠密模型</translation>
    </message>
    <message>
        <location filename="../widgets/curves_view.cpp" line="210" />
        <source>Smooth-Cut against Taylor as the noise grows (%1 after one-shot weight pruning)</source>
        <translation>噪声增大时 Smooth-Cut 与 Taylor 的比较（一次性权重剪枝后的 %1）</translation>
    </message>
    <message>
        <location filename="../widgets/curves_view.cpp" line="212" />
        <source>Smooth-Cut's noise sigma (share of each tensor's spread)</source>
        <translation>Smooth-Cut 的噪声 σ（各张量标准差的比例）</translation>
    </message>
    <message>
        <location filename="../widgets/curves_view.cpp" line="215" />
        <source>Spearman with Taylor</source>
        <translation>与 Taylor 的 Spearman 相关</translation>
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
        <translation>幅值 (%1 %)</translation>
    </message>
    <message>
        <location filename="../widgets/curves_view.cpp" line="243" />
        <source>Spearman with Taylor (right axis)</source>
        <translation>与 Taylor 的 Spearman 相关（右轴）</translation>
    </message>
    <message>
        <location filename="../widgets/curves_view.cpp" line="269" />
        <source>PruneScope sweep</source>
        <translation>PruneScope 扫描</translation>
    </message>
    <message>
        <location filename="../widgets/curves_view.cpp" line="289" />
        <location filename="../widgets/curves_view.cpp" line="298" />
        <source>Export Curves</source>
        <translation>导出曲线</translation>
    </message>
    <message>
        <location filename="../widgets/curves_view.cpp" line="291" />
        <source>PNG image (*.png);;SVG image (*.svg);;CSV table (*.csv)</source>
        <translation>PNG 图像 (*.png);;SVG 图像 (*.svg);;CSV 表格 (*.csv)</translation>
    </message>
    <message>
        <location filename="../widgets/curves_view.cpp" line="298" />
        <source>Cannot write %1.</source>
        <translation>无法写入 %1。</translation>
    </message>
</context>
<context>
    <name>prunescope::DataDialog</name>
    <message>
        <location filename="../widgets/study_dialogs.cpp" line="193" />
        <source>Open Data</source>
        <translation>打开数据</translation>
    </message>
</context>
<context>
    <name>prunescope::ExportDialog</name>
    <message>
        <location filename="../widgets/study_dialogs.cpp" line="271" />
        <source>Export Model</source>
        <translation>导出模型</translation>
    </message>
    <message>
        <location filename="../widgets/study_dialogs.cpp" line="273" />
        <source>The mask the exported model applies</source>
        <translation>导出的模型所应用的掩码</translation>
    </message>
    <message>
        <location filename="../widgets/study_dialogs.cpp" line="282" />
        <source>Measure dense and pruned speed on the GPU (%1)</source>
        <translation>在 GPU (%1) 上测量稠密模型和剪枝模型的速度</translation>
    </message>
    <message>
        <location filename="../widgets/study_dialogs.cpp" line="283" />
        <source>Times the dense model and the pruned one in PruneScope's runtime on %1, each pass replayed as a CUDA graph, batch 1 and 32 of 128 tokens, the median of 10 runs with the fastest and slowest, in the measuring precision</source>
        <translation>在 %1 上用 PruneScope 的运行时为稠密模型和剪枝模型计时：每次前向作为 CUDA 图重放，128 个词元，批大小 1 和 32，以测量精度取 10 次运行的中位数及最快和最慢</translation>
    </message>
    <message>
        <location filename="../widgets/study_dialogs.cpp" line="288" />
        <source>Measure dense and pruned speed in ONNX Runtime</source>
        <translation>在 ONNX Runtime 中测量稠密模型和剪枝模型的速度</translation>
    </message>
    <message>
        <location filename="../widgets/study_dialogs.cpp" line="275" />
        <source>shrunk: pruned FFN neurons removed, pruned heads zeroed, loads in stock transformers; zeros: original shapes; masks: the mask file and its description only; onnx: an ONNX model with every pruned head and neuron removed, for the largest speed-up</source>
        <translation>shrunk：删除剪枝的 FFN 神经元，剪枝的头置零，可在标准 transformers 中加载；zeros：保持原始形状；masks：只有掩码文件及其说明；onnx：删除所有剪枝的头和神经元的 ONNX 模型，加速最多</translation>
    </message>
    <message>
        <location filename="../widgets/study_dialogs.cpp" line="279" />
        <source>The precision of the ONNX model's weights and arithmetic</source>
        <translation>ONNX 模型的权重和运算精度</translation>
    </message>
    <message>
        <location filename="../widgets/study_dialogs.cpp" line="289" />
        <source>Times the dense model and the export in ONNX Runtime on this machine's CPU, batch 1 and 32 of 128 tokens, the median of 10 runs with the fastest and slowest</source>
        <translation>在本机 CPU 的 ONNX Runtime 中为稠密模型和导出模型计时：128 个词元，批大小 1 和 32，10 次运行的中位数及最快和最慢</translation>
    </message>
    <message>
        <location filename="../widgets/study_dialogs.cpp" line="293" />
        <source>The precision the GPU measures both models in (bfloat16 is what tensor cores run fastest); the export itself keeps the ONNX precision</source>
        <translation>GPU 测量两个模型所用的精度（张量核心运行最快的是 bfloat16）；导出本身保持 ONNX 精度</translation>
    </message>
    <message>
        <location filename="../widgets/study_dialogs.cpp" line="296" />
        <source>When layers keep different numbers of neurons: pad the narrower ones with zero units (exact) or give every layer the mean width (changes the mask)</source>
        <translation>各层保留的神经元数不同时：用零单元填充较窄的层（精确），或让每层取平均宽度（会改变掩码）</translation>
    </message>
    <message>
        <location filename="../widgets/study_dialogs.cpp" line="299" />
        <source>Round each FFN width up to a multiple of this with zero units (exact): bfloat16 and float16 tensor cores want multiples of 8, and an unaligned width can make the pruned model slower than the dense one on a GPU</source>
        <translation>用零单元将每个 FFN 宽度向上取整到该值的倍数（精确）：bfloat16 和 float16 的张量核心需要 8 的倍数，未对齐的宽度可能使剪枝后的模型在 GPU 上比稠密模型更慢</translation>
    </message>
    <message>
        <location filename="../widgets/study_dialogs.cpp" line="303" />
        <source>The largest weight file: a larger model is written in shards of at most this size with an index, as save_pretrained writes it (5GB, 500MB, 2GiB or bytes)</source>
        <translation>权重文件的最大大小: 更大的模型会像 save_pretrained 一样分成不超过此大小的分片并附索引写出 (5GB、500MB、2GiB 或字节数)</translation>
    </message>
    <message>
        <location filename="../widgets/study_dialogs.cpp" line="308" />
        <source>Mask:</source>
        <translation>掩码:</translation>
    </message>
    <message>
        <location filename="../widgets/study_dialogs.cpp" line="309" />
        <source>Mode:</source>
        <translation>模式:</translation>
    </message>
    <message>
        <location filename="../widgets/study_dialogs.cpp" line="310" />
        <source>Uneven layers:</source>
        <translation>宽度不一的层:</translation>
    </message>
    <message>
        <location filename="../widgets/study_dialogs.cpp" line="311" />
        <source>Align widths to:</source>
        <translation>宽度对齐到:</translation>
    </message>
    <message>
        <location filename="../widgets/study_dialogs.cpp" line="312" />
        <source>ONNX precision:</source>
        <translation>ONNX 精度：</translation>
    </message>
    <message>
        <location filename="../widgets/study_dialogs.cpp" line="315" />
        <source>Measure in:</source>
        <translation>测量精度：</translation>
    </message>
    <message>
        <location filename="../widgets/study_dialogs.cpp" line="318" />
        <source>Shard size:</source>
        <translation>分片大小:</translation>
    </message>
    <message>
        <location filename="../widgets/study_dialogs.cpp" line="319" />
        <source>New folder:</source>
        <translation>新文件夹:</translation>
    </message>
    <message>
        <location filename="../widgets/study_dialogs.cpp" line="320" />
        <source>The export goes into a new folder; one that holds files is replaced only if you agree</source>
        <translation>导出写入新文件夹；已有文件的文件夹仅在您同意后才会被替换</translation>
    </message>
    <message>
        <location filename="../widgets/study_dialogs.cpp" line="322" />
        <source>Result:</source>
        <translation>结果:</translation>
    </message>
    <message>
        <location filename="../widgets/study_dialogs.cpp" line="325" />
        <source>Export</source>
        <translation>导出</translation>
    </message>
</context>
<context>
    <name>prunescope::ExportPreviewPlot</name>
    <message>
        <location filename="../widgets/export_preview_plot.cpp" line="27" />
        <source>share of the source kept</source>
        <translation>保留的原模型比例</translation>
    </message>
    <message>
        <location filename="../widgets/export_preview_plot.cpp" line="29" />
        <source>Size after export, by layer</source>
        <translation>导出后的大小（按层）</translation>
    </message>
    <message>
        <location filename="../widgets/export_preview_plot.cpp" line="48" />
        <source>FFN neurons the mask keeps</source>
        <translation>掩码保留的 FFN 神经元</translation>
    </message>
    <message>
        <location filename="../widgets/export_preview_plot.cpp" line="48" />
        <source>FFN width in the export</source>
        <translation>导出中的 FFN 宽度</translation>
    </message>
    <message>
        <location filename="../widgets/export_preview_plot.cpp" line="48" />
        <source>heads the mask keeps</source>
        <translation>掩码保留的注意力头</translation>
    </message>
    <message>
        <location filename="../widgets/export_preview_plot.cpp" line="49" />
        <source>heads in the export</source>
        <translation>导出中的注意力头</translation>
    </message>
    <message>
        <location filename="../widgets/export_preview_plot.cpp" line="64" />
        <source>layer</source>
        <translation>层</translation>
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
        <translation>%1 %2，%3 %4：%5</translation>
    </message>
    <message>
        <location filename="../widgets/grid_plot.cpp" line="359" />
        <source>kept</source>
        <translation>保留</translation>
    </message>
    <message>
        <location filename="../widgets/grid_plot.cpp" line="359" />
        <source>pruned</source>
        <translation>已剪枝</translation>
    </message>
    <message>
        <location filename="../widgets/grid_plot.cpp" line="362" />
        <source>%1 %2, %3 %4: %5
rank %6 of %7</source>
        <translation>%1 %2，%3 %4：%5
排名 %6 / %7</translation>
    </message>
</context>
<context>
    <name>prunescope::GuidedTour</name>
    <message>
        <location filename="../widgets/guided_tour.cpp" line="38" />
        <source>A head map: one row for each layer, one cell for each attention head, coloured by how important the head is to the model's answers (Taylor scores here). Rest the pointer on a cell to read its value.</source>
        <translation>注意力头图：每层一行，每个注意力头一格，颜色表示该头对模型答案的重要程度（此处为 Taylor 评分）。将指针停在格子上可读取其数值。</translation>
    </message>
    <message>
        <location filename="../widgets/guided_tour.cpp" line="42" />
        <source>Scoring a method: Analysis → Score runs one of the methods on the study's data; every result joins this list, where a click shows it in the maps.</source>
        <translation>用方法评分：分析 → 评分 在研究的数据上运行某个方法；每个结果都会加入此列表，单击即可在图中显示。</translation>
    </message>
    <message>
        <location filename="../widgets/guided_tour.cpp" line="45" />
        <source>Building a mask: Analysis → Mask keeps the highest-scoring units; this one prunes half of the heads (the dark cells). Edit Mask lets you toggle cells by hand.</source>
        <translation>构建掩码：分析 → 掩码 保留得分最高的单元；这个掩码剪掉一半的注意力头（深色格子）。编辑掩码 可手动切换格子。</translation>
    </message>
    <message>
        <location filename="../widgets/guided_tour.cpp" line="48" />
        <source>Comparing masks: the matrix gives a metric for every pair of masks or score maps; click a cell to see that pair layer by layer and where the two agree.</source>
        <translation>比较掩码：矩阵给出每对掩码或评分图的指标；单击格子可逐层查看这一对，以及两者一致之处。</translation>
    </message>
    <message>
        <location filename="../widgets/guided_tour.cpp" line="51" />
        <source>Evaluating: F5 measures the pruned model on the study's data, and a sweep does it for every method across sparsities; the shaded band is the spread of random masks, the noise a method must beat.</source>
        <translation>评估：F5 在研究的数据上测量剪枝后的模型，扫描则对每种方法在不同稀疏度下进行测量；阴影带是随机掩码的波动范围，即方法必须超越的噪声。</translation>
    </message>
    <message>
        <location filename="../widgets/guided_tour.cpp" line="55" />
        <source>Exporting: Analysis → Mask Profiles shows where each mask prunes, and Analysis → Export Model writes the pruned model as a smaller checkpoint, its sizes shown layer by layer before it is written.</source>
        <translation>导出：分析 → 掩码概况 显示每个掩码剪枝的位置，分析 → 导出模型 将剪枝后的模型写成更小的检查点，写出前按层显示其大小。</translation>
    </message>
    <message>
        <location filename="../widgets/guided_tour.cpp" line="67" />
        <source>Back</source>
        <translation>上一步</translation>
    </message>
    <message>
        <location filename="../widgets/guided_tour.cpp" line="76" />
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <location filename="../widgets/guided_tour.cpp" line="124" />
        <source>&lt;b&gt;Step %1 of %2&lt;/b&gt;&lt;br&gt;%3</source>
        <translation>&lt;b&gt;第 %1 步，共 %2 步&lt;/b&gt;&lt;br&gt;%3</translation>
    </message>
    <message>
        <location filename="../widgets/guided_tour.cpp" line="126" />
        <source>Next</source>
        <translation>下一步</translation>
    </message>
    <message>
        <location filename="../widgets/guided_tour.cpp" line="126" />
        <source>Finish</source>
        <translation>完成</translation>
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
        <translation>层</translation>
    </message>
    <message>
        <location filename="../widgets/map_view.cpp" line="156" />
        <location filename="../widgets/map_view.cpp" line="204" />
        <source>head</source>
        <translation>注意力头</translation>
    </message>
    <message>
        <location filename="../widgets/map_view.cpp" line="157" />
        <source>Query heads</source>
        <translation>查询头</translation>
    </message>
    <message>
        <location filename="../widgets/map_view.cpp" line="158" />
        <source>Key-value groups</source>
        <translation>键值组</translation>
    </message>
    <message>
        <location filename="../widgets/map_view.cpp" line="159" />
        <source>Grouped-query attention: each query head, drawn under the key-value head it shares, or one column per key-value group (its heads' scores summed)</source>
        <translation>分组查询注意力：每个查询头画在它共享的键值头之下，或每个键值组一列（其各头分数之和）</translation>
    </message>
    <message>
        <location filename="../widgets/map_view.cpp" line="210" />
        <source>query head (lines between key-value groups)</source>
        <translation>查询头（线条分隔键值组）</translation>
    </message>
    <message>
        <location filename="../widgets/map_view.cpp" line="226" />
        <source>key-value group</source>
        <translation>键值组</translation>
    </message>
</context>
<context>
    <name>prunescope::JobRunner</name>
    <message>
        <location filename="../widgets/job_runner.cpp" line="90" />
        <source>%1

The device ran out of memory: choose a smaller batch size or sample in the settings, or run on the CPU.</source>
        <translation>%1

设备内存不足：请在设置中选择更小的批大小或样本数，或改用 CPU 运行。</translation>
    </message>
</context>
<context>
    <name>prunescope::JobsPanel</name>
    <message>
        <location filename="../widgets/jobs_panel.cpp" line="21" />
        <source>Job</source>
        <translation>任务</translation>
    </message>
    <message>
        <location filename="../widgets/jobs_panel.cpp" line="21" />
        <source>Progress</source>
        <translation>进度</translation>
    </message>
    <message>
        <location filename="../widgets/jobs_panel.cpp" line="21" />
        <source>Elapsed / remaining</source>
        <translation>已用 / 剩余</translation>
    </message>
    <message>
        <location filename="../widgets/jobs_panel.cpp" line="21" />
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../widgets/jobs_panel.cpp" line="27" />
        <source>Long operations run here, off the window's thread; cancel one with its button.</source>
        <translation>耗时的操作在此处运行，不占用窗口线程；可通过各任务的按钮将其取消。</translation>
    </message>
    <message>
        <location filename="../widgets/jobs_panel.cpp" line="31" />
        <source>Clear Finished</source>
        <translation>清除已结束的任务</translation>
    </message>
    <message>
        <location filename="../widgets/jobs_panel.cpp" line="32" />
        <source>Remove the jobs that have ended from the list</source>
        <translation>从列表中移除已结束的任务</translation>
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
        <translation>取消</translation>
    </message>
    <message>
        <location filename="../widgets/jobs_panel.cpp" line="110" />
        <source>Stop this job; it leaves no result and no partial file</source>
        <translation>停止此任务；不会留下结果，也不会留下不完整的文件</translation>
    </message>
    <message>
        <location filename="../widgets/jobs_panel.cpp" line="131" />
        <source>%1 / %2</source>
        <translation>%1 / %2</translation>
    </message>
    <message>
        <location filename="../widgets/jobs_panel.cpp" line="135" />
        <source>Cancelling…</source>
        <translation>正在取消…</translation>
    </message>
    <message>
        <location filename="../widgets/jobs_panel.cpp" line="138" />
        <source>Done</source>
        <translation>完成</translation>
    </message>
    <message>
        <location filename="../widgets/jobs_panel.cpp" line="143" />
        <source>Cancelled</source>
        <translation>已取消</translation>
    </message>
    <message>
        <location filename="../widgets/jobs_panel.cpp" line="146" />
        <source>Failed: %1</source>
        <translation>失败：%1</translation>
    </message>
    <message>
        <location filename="../widgets/jobs_panel.cpp" line="157" />
        <source>Show what this job made</source>
        <translation>显示此任务生成的结果</translation>
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
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <location filename="../widgets/main_window_actions.cpp" line="124" />
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="142" />
        <source>Ready</source>
        <translation>就绪</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="48" />
        <source>Scores</source>
        <translation>分数</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="49" />
        <source>Masks</source>
        <translation>掩码</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="50" />
        <source>Attributions</source>
        <translation>归因</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="51" />
        <source>Sweeps</source>
        <translation>扫描</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="52" />
        <source>Comparisons</source>
        <translation>比较</translation>
    </message>
    <message>
        <location filename="../widgets/study_controller.cpp" line="35" />
        <source>%1 %2 on %3 examples</source>
        <translation>%1 %2（%3 个样本）</translation>
    </message>
    <message>
        <location filename="../widgets/study_controller.cpp" line="40" />
        <source>, mask sparsity %1</source>
        <translation>，掩码稀疏度 %1</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="108" />
        <source>Heads</source>
        <translation>注意力头</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="109" />
        <source>Neurons</source>
        <translation>神经元</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="110" />
        <source>Weights</source>
        <translation>权重</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="111" />
        <source>Attribution</source>
        <translation>归因</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="112" />
        <source>Curves</source>
        <translation>曲线</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="113" />
        <location filename="../widgets/main_window_actions.cpp" line="440" />
        <source>Compare</source>
        <translation>比较</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="114" />
        <source>Training</source>
        <translation>训练</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="115" />
        <source>Profiles</source>
        <translation>剖面</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="119" />
        <source>The last evaluation of the dense model and of the mask being edited</source>
        <translation>稠密模型及正在编辑的掩码的最近一次评估结果</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="207" />
        <source>Exported to %1</source>
        <translation>已导出到 %1</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="251" />
        <source>%1: done</source>
        <translation>%1：完成</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="245" />
        <source>%1: %2</source>
        <translation>%1：%2</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="53" />
        <source>Noise Scans</source>
        <translation>噪声扫描</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="246" />
        <source>%1 failed</source>
        <translation>%1 失败</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="248" />
        <location filename="../widgets/main_window.cpp" line="249" />
        <source>%1: cancelled</source>
        <translation>%1：已取消</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="252" />
        <source>%1: done in %2</source>
        <translation>%1：完成（%2）</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="159" />
        <source>Study items</source>
        <translation>研究条目</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="160" />
        <source>The study's scores, masks, attributions and sweeps; click one to show it</source>
        <translation>研究中的分数、掩码、归因和扫描；单击即可显示</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="164" />
        <source>Study</source>
        <translation>研究</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="168" />
        <source>Jobs</source>
        <translation>任务</translation>
    </message>
    <message>
        <location filename="../widgets/main_window_actions.cpp" line="98" />
        <source>&amp;New Study…</source>
        <translation>新建研究(&amp;N)…</translation>
    </message>
    <message>
        <location filename="../widgets/main_window_actions.cpp" line="100" />
        <source>Start a study: a folder for a checkpoint, its data and the results</source>
        <translation>新建研究：用于存放检查点、其数据和结果的文件夹</translation>
    </message>
    <message>
        <location filename="../widgets/main_window_actions.cpp" line="101" />
        <source>&amp;Open Study…</source>
        <translation>打开研究(&amp;O)…</translation>
    </message>
    <message>
        <location filename="../widgets/main_window_actions.cpp" line="103" />
        <source>Open a study folder (study.json)</source>
        <translation>打开研究文件夹（study.json）</translation>
    </message>
    <message>
        <location filename="../widgets/main_window_actions.cpp" line="104" />
        <source>Open &amp;Recent</source>
        <translation>最近打开(&amp;R)</translation>
    </message>
    <message>
        <location filename="../widgets/main_window_actions.cpp" line="71" />
        <source>Open &amp;Demo Study</source>
        <translation>打开演示研究(&amp;D)</translation>
    </message>
    <message>
        <location filename="../widgets/main_window_actions.cpp" line="72" />
        <source>Your copy of the built-in demo study, with what you added to it: the demo BERT on WordNet glosses with every method's scores, movement and GUM, masks, sweeps and a comparison</source>
        <translation>内置演示研究的您的副本（含您添加的内容）：基于 WordNet 释义的演示 BERT，以及各方法的分数、movement 与 GUM、掩码、扫描和比较</translation>
    </message>
    <message>
        <location filename="../widgets/main_window_actions.cpp" line="74" />
        <source>Reset Demo Study…</source>
        <translation>重置演示研究…</translation>
    </message>
    <message>
        <location filename="../widgets/main_window_actions.cpp" line="75" />
        <source>Replace your copy of the demo study by a fresh one, deleting what you added to it</source>
        <translation>用全新的副本替换您的演示研究副本，并删除您添加的内容</translation>
    </message>
    <message>
        <location filename="../widgets/main_window_actions.cpp" line="81" />
        <source>Open &amp;Image Demo Study</source>
        <translation>打开图像演示研究(&amp;I)</translation>
    </message>
    <message>
        <location filename="../widgets/main_window_actions.cpp" line="82" />
        <source>Your copy of the built-in image demo study, with what you added to it: the demo ViT on 500 Fashion-MNIST test images with scores, head and neuron masks, head and neuron sweeps, Grad-CAM and SmoothGrad patch maps drawn over the images, and a comparison</source>
        <translation>内置图像演示研究的您的副本（含您添加的内容）：基于 500 张 Fashion-MNIST 测试图像的演示 ViT，以及分数、注意力头与神经元掩码、注意力头与神经元扫描、叠加在图像上的 Grad-CAM 与 SmoothGrad 图像块热图和比较</translation>
    </message>
    <message>
        <location filename="../widgets/main_window_actions.cpp" line="85" />
        <source>Reset Image Demo Study…</source>
        <translation>重置图像演示研究…</translation>
    </message>
    <message>
        <location filename="../widgets/main_window_actions.cpp" line="86" />
        <source>Replace your copy of the image demo study by a fresh one, deleting what you added to it</source>
        <translation>用全新的副本替换您的图像演示研究副本，并删除您添加的内容</translation>
    </message>
    <message>
        <location filename="../widgets/main_window_actions.cpp" line="87" />
        <source>Reset Image Demo Study</source>
        <translation>重置图像演示研究</translation>
    </message>
    <message>
        <location filename="../widgets/main_window_actions.cpp" line="88" />
        <source>Replace your copy of the image demo study (%1) by a fresh one? What you added to it, such as scores, masks, exports and trained models inside it, is deleted.</source>
        <translation>要用全新的副本替换您的图像演示研究副本（%1）吗？您在其中添加的内容（如分数、掩码、导出和训练的模型）将被删除。</translation>
    </message>
    <message>
        <location filename="../widgets/main_window_actions.cpp" line="90" />
        <source>The image demo study is as it shipped</source>
        <translation>图像演示研究已恢复为发布时的状态</translation>
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
        <translation>另存为(&amp;A)…</translation>
    </message>
    <message>
        <location filename="../widgets/main_window_actions.cpp" line="116" />
        <source>Open &amp;Checkpoint…</source>
        <translation>打开检查点(&amp;C)…</translation>
    </message>
    <message>
        <location filename="../widgets/main_window_actions.cpp" line="117" />
        <source>Set the study's checkpoint folder (config.json + model.safetensors)</source>
        <translation>设置研究的检查点文件夹（config.json + model.safetensors）</translation>
    </message>
    <message>
        <location filename="../widgets/main_window_actions.cpp" line="118" />
        <source>Open &amp;Data…</source>
        <translation>打开数据(&amp;D)…</translation>
    </message>
    <message>
        <location filename="../widgets/main_window_actions.cpp" line="120" />
        <source>Choose the study's dataset and its columns; it is read once to check it</source>
        <translation>选择研究的数据集及其列；会读取一次以进行检查</translation>
    </message>
    <message>
        <location filename="../widgets/main_window_actions.cpp" line="122" />
        <source>Se&amp;ttings…</source>
        <translation>设置(&amp;T)…</translation>
    </message>
    <message>
        <location filename="../widgets/main_window_actions.cpp" line="131" />
        <source>&amp;Edit</source>
        <translation>编辑(&amp;E)</translation>
    </message>
    <message>
        <location filename="../widgets/main_window_actions.cpp" line="132" />
        <source>&amp;Undo</source>
        <translation>撤销(&amp;U)</translation>
    </message>
    <message>
        <location filename="../widgets/main_window_actions.cpp" line="134" />
        <source>&amp;Redo</source>
        <translation>重做(&amp;R)</translation>
    </message>
    <message>
        <location filename="../widgets/main_window_actions.cpp" line="139" />
        <source>&amp;Edit Mask on the Maps</source>
        <translation>在图上编辑掩码(&amp;E)</translation>
    </message>
    <message>
        <location filename="../widgets/main_window_actions.cpp" line="142" />
        <source>Click heads or neurons of the open mask to prune or restore them</source>
        <translation>单击已打开掩码中的注意力头或神经元，将其剪枝或恢复</translation>
    </message>
    <message>
        <location filename="../widgets/main_window_actions.cpp" line="144" />
        <source>E&amp;valuate Mask</source>
        <translation>评估掩码(&amp;V)</translation>
    </message>
    <message>
        <location filename="../widgets/main_window_actions.cpp" line="146" />
        <source>Evaluate the model with the mask being edited on the study's data</source>
        <translation>在研究数据上评估应用了正在编辑的掩码的模型</translation>
    </message>
    <message>
        <location filename="../widgets/main_window_actions.cpp" line="147" />
        <source>Save Edited &amp;Mask</source>
        <translation>保存编辑后的掩码(&amp;M)</translation>
    </message>
    <message>
        <location filename="../widgets/main_window_actions.cpp" line="148" />
        <source>Add the edited mask to the study as a new item</source>
        <translation>将编辑后的掩码作为新条目添加到研究中</translation>
    </message>
    <message>
        <location filename="../widgets/main_window_actions.cpp" line="153" />
        <source>&amp;Analysis</source>
        <translation>分析(&amp;A)</translation>
    </message>
    <message>
        <location filename="../widgets/main_window_actions.cpp" line="154" />
        <source>&amp;Score…</source>
        <translation>计算分数(&amp;S)…</translation>
    </message>
    <message>
        <location filename="../widgets/main_window_actions.cpp" line="156" />
        <source>Compute importance scores of every head, neuron and weight</source>
        <translation>计算每个注意力头、神经元和权重的重要性分数</translation>
    </message>
    <message>
        <location filename="../widgets/main_window_actions.cpp" line="157" />
        <source>Build &amp;Mask…</source>
        <translation>构建掩码(&amp;M)…</translation>
    </message>
    <message>
        <location filename="../widgets/main_window_actions.cpp" line="159" />
        <source>Prune a fraction of units by their scores</source>
        <translation>按分数剪枝一定比例的单元</translation>
    </message>
    <message>
        <location filename="../widgets/main_window_actions.cpp" line="160" />
        <source>&amp;Attribution…</source>
        <translation>归因(&amp;A)…</translation>
    </message>
    <message>
        <location filename="../widgets/main_window_actions.cpp" line="161" />
        <source>Which tokens or patches drive the output (GradCAM, SmoothGrad)</source>
        <translation>哪些词元或图像块驱动了输出（GradCAM、SmoothGrad）</translation>
    </message>
    <message>
        <location filename="../widgets/main_window_actions.cpp" line="162" />
        <source>S&amp;weep…</source>
        <translation>扫描(&amp;W)…</translation>
    </message>
    <message>
        <location filename="../widgets/main_window_actions.cpp" line="163" />
        <source>Metric against sparsity for several methods</source>
        <translation>多种方法的指标随稀疏度的变化</translation>
    </message>
    <message>
        <location filename="../widgets/main_window_actions.cpp" line="164" />
        <source>Smooth-Cut &amp;Noise Scan…</source>
        <translation>Smooth-Cut 噪声扫描(&amp;N)…</translation>
    </message>
    <message>
        <location filename="../widgets/main_window_actions.cpp" line="165" />
        <source>How Smooth-Cut's ranking departs from Taylor's as its noise grows: rank correlation and one-shot accuracy against sigma</source>
        <translation>随着噪声增大，Smooth-Cut 的排序偏离 Taylor 的程度：秩相关和一次性剪枝精度随 σ 的变化</translation>
    </message>
    <message>
        <location filename="../widgets/main_window_actions.cpp" line="167" />
        <source>&amp;Compare…</source>
        <translation>比较(&amp;C)…</translation>
    </message>
    <message>
        <location filename="../widgets/main_window_actions.cpp" line="169" />
        <source>How far masks and score maps agree: matrices, layer curves, maps side by side</source>
        <translation>掩码和分数图的一致程度：矩阵、逐层曲线、并排的图</translation>
    </message>
    <message>
        <location filename="../widgets/main_window_actions.cpp" line="170" />
        <source>Neuron &amp;Redundancy</source>
        <translation>神经元冗余(&amp;R)</translation>
    </message>
    <message>
        <location filename="../widgets/main_window_actions.cpp" line="171" />
        <source>How alike the FFN neurons are under the open mask (or in the dense model): uniqueness and near-copies per layer, beside the neuron map</source>
        <translation>在打开的掩码下（或密集模型中）FFN 神经元的相似程度：每层的唯一性和近似副本，显示在神经元图旁</translation>
    </message>
    <message>
        <location filename="../widgets/main_window_actions.cpp" line="173" />
        <source>Mask &amp;Profiles…</source>
        <translation>掩码剖面(&amp;P)…</translation>
    </message>
    <message>
        <location filename="../widgets/main_window_actions.cpp" line="174" />
        <source>Where masks prune, by layer and component, and how much their placement and the surviving weights matter (shuffled masks, re-initialised weights)</source>
        <translation>掩码在哪里剪枝 (按层和组件), 以及其位置和保留下来的权重有多重要 (打乱的掩码、重新初始化的权重)</translation>
    </message>
    <message>
        <location filename="../widgets/main_window_actions.cpp" line="176" />
        <source>&amp;Train…</source>
        <translation>训练(&amp;T)…</translation>
    </message>
    <message>
        <location filename="../widgets/main_window_actions.cpp" line="178" />
        <source>Fine-tune the model on the study's data, or prune it while training: movement, GUM, Instant Soup Pruning, Adapting by Pruning, IMP, N:M patterns</source>
        <translation>在研究的数据上微调模型, 或在训练中剪枝: movement、GUM、Instant Soup Pruning、Adapting by Pruning、IMP、N:M 模式</translation>
    </message>
    <message>
        <location filename="../widgets/main_window_actions.cpp" line="181" />
        <source>&amp;Export Model…</source>
        <translation>导出模型(&amp;E)…</translation>
    </message>
    <message>
        <location filename="../widgets/main_window_actions.cpp" line="183" />
        <source>Write a mask's pruned model as a new checkpoint folder that stock transformers loads</source>
        <translation>将按掩码剪枝后的模型写为原版 transformers 可加载的新检查点文件夹</translation>
    </message>
    <message>
        <location filename="../widgets/main_window_actions.cpp" line="190" />
        <source>&amp;View</source>
        <translation>视图(&amp;V)</translation>
    </message>
    <message>
        <location filename="../widgets/main_window_actions.cpp" line="196" />
        <source>&amp;Presentation Mode</source>
        <translation>演示模式(&amp;P)</translation>
    </message>
    <message>
        <location filename="../widgets/main_window_actions.cpp" line="199" />
        <source>Larger text and thicker lines, for a projector</source>
        <translation>更大的文字和更粗的线条，适合投影仪</translation>
    </message>
    <message>
        <location filename="../widgets/main_window_actions.cpp" line="208" />
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <location filename="../widgets/main_window_actions.cpp" line="209" />
        <source>Guided &amp;Tour</source>
        <translation>导览(&amp;T)</translation>
    </message>
    <message>
        <location filename="../widgets/main_window_actions.cpp" line="210" />
        <source>&amp;About PruneScope</source>
        <translation>关于 PruneScope(&amp;A)</translation>
    </message>
    <message>
        <location filename="../widgets/main_window_actions.cpp" line="211" />
        <source>About PruneScope</source>
        <translation>关于 PruneScope</translation>
    </message>
    <message>
        <location filename="../widgets/main_window_actions.cpp" line="212" />
        <source>&lt;b&gt;PruneScope %1&lt;/b&gt;&lt;p&gt;Interactive pruning analysis of transformer models: importance scores, masks, attribution and sweeps for %2 checkpoints.&lt;/p&gt;</source>
        <translation>&lt;b&gt;PruneScope %1&lt;/b&gt;&lt;p&gt;Transformer 模型的交互式剪枝分析：%2 检查点的重要性分数、掩码、归因与扫描。&lt;/p&gt;</translation>
    </message>
    <message>
        <location filename="../widgets/main_window_actions.cpp" line="220" />
        <source>Main</source>
        <translation>主工具栏</translation>
    </message>
    <message>
        <location filename="../widgets/main_window_actions.cpp" line="253" />
        <source>(no one to answer: no)</source>
        <translation>（无人应答：否）</translation>
    </message>
    <message>
        <location filename="../widgets/study_controller.cpp" line="211" />
        <source>%1 lies in PruneScope's installation, which is never written: choose a folder of your own, such as one in your documents.</source>
        <translation>%1 位于 PruneScope 的安装位置，该处从不写入：请选择您自己的文件夹，例如文档中的文件夹。</translation>
    </message>
    <message>
        <location filename="../widgets/main_window_actions.cpp" line="275" />
        <source>%1 exists and is not empty: choose a new folder.</source>
        <translation>%1 已存在且不为空：请选择新文件夹。</translation>
    </message>
    <message>
        <location filename="../widgets/main_window_actions.cpp" line="279" />
        <source>%1 exists and is not empty. Replace it? The new folder is written beside it and takes its place only when complete; files there that PruneScope did not write are kept in a folder beside it.</source>
        <translation>%1 已存在且不为空。要替换它吗？新文件夹会写在旁边，完成后才替换它；其中并非 PruneScope 写入的文件会保留在旁边的文件夹中。</translation>
    </message>
    <message>
        <location filename="../widgets/study_controller.cpp" line="233" />
        <source>The device setting cannot be used on this machine (%1). Jobs run on the CPU; change the device in File → Settings.</source>
        <translation>此设备设置在本机上无法使用（%1）。作业将在 CPU 上运行；请在 文件 → 设置 中更改设备。</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="262" />
        <source>Computing on the CPU</source>
        <translation>正在 CPU 上计算</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="265" />
        <source>Device</source>
        <translation>设备</translation>
    </message>
    <message>
        <location filename="../widgets/study_controller.cpp" line="277" />
        <location filename="../widgets/study_controller.cpp" line="286" />
        <location filename="../widgets/study_controller.cpp" line="291" />
        <source>Open Study</source>
        <translation>打开研究</translation>
    </message>
    <message>
        <location filename="../widgets/study_controller.cpp" line="278" />
        <source>%1 lies in PruneScope's installation, which is never written: copy the folder to one of your own and open the copy.</source>
        <translation>%1 位于 PruneScope 的安装位置，该处从不写入：请将该文件夹复制到您自己的位置并打开副本。</translation>
    </message>
    <message>
        <location filename="../widgets/study_controller.cpp" line="286" />
        <source>Cannot open the study:
%1</source>
        <translation>无法打开研究:
%1</translation>
    </message>
    <message>
        <location filename="../widgets/study_controller.cpp" line="292" />
        <source>The study refers to files that are not there:

%1

Use File → Open Checkpoint to point it at the model's new place.</source>
        <translation>研究引用了不存在的文件：

%1

请使用 文件 → 打开检查点 指向模型的新位置。</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="286" />
        <source>Opened %1</source>
        <translation>已打开 %1</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="290" />
        <source>Cannot open the checkpoint:
%1</source>
        <translation>无法打开检查点:
%1</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="292" />
        <source>Open Checkpoint</source>
        <translation>打开检查点</translation>
    </message>
    <message>
        <location filename="../widgets/study_controller.cpp" line="306" />
        <source>Demo Study</source>
        <translation>演示研究</translation>
    </message>
    <message>
        <location filename="../widgets/study_controller.cpp" line="310" />
        <source>Demo study: %1</source>
        <translation>演示研究：%1</translation>
    </message>
    <message>
        <location filename="../widgets/main_window_actions.cpp" line="76" />
        <location filename="../widgets/study_controller.cpp" line="318" />
        <location filename="../widgets/study_controller.cpp" line="332" />
        <source>Reset Demo Study</source>
        <translation>重置演示研究</translation>
    </message>
    <message>
        <location filename="../widgets/study_controller.cpp" line="319" />
        <source>Jobs are running: wait for them or cancel them first.</source>
        <translation>有作业正在运行：请等待其完成或先取消。</translation>
    </message>
    <message>
        <location filename="../widgets/main_window_actions.cpp" line="77" />
        <source>Replace your copy of the demo study (%1) by a fresh one? What you added to it, such as scores, masks, exports and trained models inside it, is deleted.</source>
        <translation>要用全新的副本替换您的演示研究副本（%1）吗？您在其中添加的内容（如分数、掩码、导出和训练的模型）将被删除。</translation>
    </message>
    <message>
        <location filename="../widgets/main_window_actions.cpp" line="79" />
        <source>The demo study is as it shipped</source>
        <translation>演示研究已恢复为发布时的状态</translation>
    </message>
    <message>
        <location filename="../widgets/study_controller.cpp" line="395" />
        <source>Scoring: %1</source>
        <translation>计算分数：%1</translation>
    </message>
    <message>
        <location filename="../widgets/study_controller.cpp" line="401" />
        <source>Mask: %1 %2</source>
        <translation>掩码：%1 %2</translation>
    </message>
    <message>
        <location filename="../widgets/study_controller.cpp" line="413" />
        <source>Attribution: %1 (%2)</source>
        <translation>归因：%1（%2）</translation>
    </message>
    <message>
        <location filename="../widgets/study_controller.cpp" line="452" />
        <source>Reading %1</source>
        <translation>正在读取 %1</translation>
    </message>
    <message numerus="yes">
        <location filename="../widgets/study_controller.cpp" line="459" />
        <source>%n example(s) read from %1</source>
        <translation>
            <numerusform>从 %1 读取了 %n 个样本</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../widgets/study_controller.cpp" line="462" />
        <source>; %n row(s) skipped, the first: %1</source>
        <translation>
            <numerusform>；跳过 %n 行，第一行：%1</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="208" />
        <location filename="../widgets/main_window.cpp" line="338" />
        <location filename="../widgets/main_window_actions.cpp" line="407" />
        <location filename="../widgets/study_controller.cpp" line="473" />
        <location filename="../widgets/study_controller.cpp" line="479" />
        <source>Export Model</source>
        <translation>导出模型</translation>
    </message>
    <message>
        <location filename="../widgets/study_controller.cpp" line="473" />
        <source>The study has no mask named %1.</source>
        <translation>研究中没有名为 %1 的掩码。</translation>
    </message>
    <message>
        <location filename="../widgets/study_controller.cpp" line="482" />
        <source>Exporting %1</source>
        <translation>正在导出 %1</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="203" />
        <source>Exported to %1: %2x faster on this device</source>
        <translation>已导出到 %1：在此设备上快 %2 倍</translation>
    </message>
    <message>
        <location filename="../widgets/study_controller.cpp" line="504" />
        <source>Parameters %1 → %2, weights %3B → %4B</source>
        <translation>参数 %1 → %2，权重 %3B → %4B</translation>
    </message>
    <message>
        <location filename="../widgets/study_controller.cpp" line="510" />
        <source>Note: %1</source>
        <translation>注：%1</translation>
    </message>
    <message>
        <location filename="../widgets/study_controller.cpp" line="423" />
        <source>Sweep: %1</source>
        <translation>扫描：%1</translation>
    </message>
    <message>
        <location filename="../widgets/study_controller.cpp" line="387" />
        <source>Show</source>
        <translation>显示</translation>
    </message>
    <message>
        <location filename="../widgets/study_controller.cpp" line="432" />
        <source>Smooth-Cut noise scan</source>
        <translation>Smooth-Cut 噪声扫描</translation>
    </message>
    <message numerus="yes">
        <location filename="../widgets/study_controller.cpp" line="439" />
        <source>Comparing %n item(s)</source>
        <translation>
            <numerusform>正在比较 %n 个条目</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../widgets/study_controller.cpp" line="491" />
        <location filename="../widgets/study_controller.cpp" line="554" />
        <source>Open Folder</source>
        <translation>打开文件夹</translation>
    </message>
    <message>
        <location filename="../widgets/study_controller.cpp" line="523" />
        <source>under %1</source>
        <translation>在 %1 之下</translation>
    </message>
    <message>
        <location filename="../widgets/study_controller.cpp" line="524" />
        <source>fine-tuning</source>
        <translation>微调</translation>
    </message>
    <message>
        <location filename="../widgets/study_controller.cpp" line="526" />
        <source>%1 in one shot</source>
        <translation>%1 (一次性)</translation>
    </message>
    <message>
        <location filename="../widgets/study_controller.cpp" line="528" />
        <source>Training (%1) into %2</source>
        <translation>训练（%1）输出到 %2</translation>
    </message>
    <message>
        <location filename="../widgets/study_controller.cpp" line="533" />
        <source>Training (%1)</source>
        <translation>训练（%1）</translation>
    </message>
    <message>
        <location filename="../widgets/study_controller.cpp" line="639" />
        <source>Loading the training log</source>
        <translation>正在加载训练日志</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="355" />
        <source>the dense model</source>
        <translation>密集模型</translation>
    </message>
    <message>
        <location filename="../widgets/study_controller.cpp" line="563" />
        <source>Neuron redundancy of %1</source>
        <translation>%1 的神经元冗余</translation>
    </message>
    <message>
        <location filename="../widgets/study_controller.cpp" line="577" />
        <source>Evaluating %1</source>
        <translation>正在评估 %1</translation>
    </message>
    <message>
        <location filename="../widgets/study_controller.cpp" line="577" />
        <source>Evaluating the dense model</source>
        <translation>正在评估稠密模型</translation>
    </message>
    <message>
        <location filename="../widgets/study_controller.cpp" line="587" />
        <source>Dense model: %1</source>
        <translation>稠密模型：%1</translation>
    </message>
    <message numerus="yes">
        <location filename="../widgets/study_controller.cpp" line="589" />
        <source>
With %1 (%n unit(s) changed by hand): %2</source>
        <translation>
            <numerusform>
应用 %1 时（手动更改了 %n 个单元）：%2</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../widgets/study_controller.cpp" line="616" />
        <source>Loading %1</source>
        <translation>正在加载 %1</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="490" />
        <source>%1[*] — PruneScope</source>
        <translation>%1[*] — PruneScope</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="547" />
        <source>Quit</source>
        <translation>退出</translation>
    </message>
    <message numerus="yes">
        <location filename="../widgets/main_window.cpp" line="548" />
        <source>%n job(s) still running. Cancel them and quit?</source>
        <translation>
            <numerusform>仍有 %n 个任务正在运行。要取消这些任务并退出吗？</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="568" />
        <source>Unsaved Changes</source>
        <translation>未保存的更改</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="568" />
        <source>Save the changes to the study?</source>
        <translation>是否保存对研究的更改？</translation>
    </message>
    <message>
        <location filename="../widgets/study_controller.cpp" line="260" />
        <location filename="../widgets/study_controller.cpp" line="266" />
        <source>New Study</source>
        <translation>新建研究</translation>
    </message>
    <message>
        <location filename="../widgets/main_window_actions.cpp" line="306" />
        <source>Open Study Folder</source>
        <translation>打开研究文件夹</translation>
    </message>
    <message>
        <location filename="../widgets/main_window_actions.cpp" line="313" />
        <source>Save Study As (an empty folder)</source>
        <translation>研究另存为（空文件夹）</translation>
    </message>
    <message>
        <location filename="../widgets/main_window_actions.cpp" line="321" />
        <location filename="../widgets/main_window_actions.cpp" line="336" />
        <location filename="../widgets/main_window_actions.cpp" line="339" />
        <location filename="../widgets/study_controller.cpp" line="350" />
        <location filename="../widgets/study_controller.cpp" line="356" />
        <source>Save As</source>
        <translation>另存为</translation>
    </message>
    <message>
        <location filename="../widgets/main_window_actions.cpp" line="336" />
        <source>%1 is not empty: choose an empty folder.</source>
        <translation>%1 不为空：请选择空文件夹。</translation>
    </message>
    <message>
        <location filename="../widgets/main_window_actions.cpp" line="341" />
        <source>%1 is not empty. Save the study into it beside the files already there?</source>
        <translation>%1 不为空。要将研究保存到其中已有文件的旁边吗？</translation>
    </message>
    <message>
        <location filename="../widgets/main_window_actions.cpp" line="343" />
        <source>%1 is not empty, and the study's files replace these there:

%2

Save the study into it?</source>
        <translation>%1 不为空，研究的文件将替换其中的以下文件：

%2

要将研究保存到其中吗？</translation>
    </message>
    <message>
        <location filename="../widgets/main_window_actions.cpp" line="350" />
        <source>Open Checkpoint Folder</source>
        <translation>打开检查点文件夹</translation>
    </message>
    <message>
        <location filename="../widgets/main_window_actions.cpp" line="369" />
        <source>Score</source>
        <translation>计算分数</translation>
    </message>
    <message>
        <location filename="../widgets/main_window_actions.cpp" line="369" />
        <source>Method:</source>
        <translation>方法：</translation>
    </message>
    <message>
        <location filename="../widgets/main_window_actions.cpp" line="388" />
        <source>Build Mask</source>
        <translation>构建掩码</translation>
    </message>
    <message>
        <location filename="../widgets/main_window_actions.cpp" line="388" />
        <source>The study has no scores yet: run Analysis → Score first.</source>
        <translation>研究中还没有分数：请先运行 分析 → 计算分数。</translation>
    </message>
    <message>
        <location filename="../widgets/main_window_actions.cpp" line="407" />
        <source>The study has no mask yet: run Analysis → Build Mask first.</source>
        <translation>研究中还没有掩码：请先运行 分析 → 构建掩码。</translation>
    </message>
    <message>
        <location filename="../widgets/main_window_actions.cpp" line="440" />
        <source>A comparison needs two or more masks or score maps: run Analysis → Score or Build Mask first.</source>
        <translation>比较需要两个或更多掩码或分数图：请先运行 分析 → 评分 或 构建掩码。</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="327" />
        <location filename="../widgets/main_window_actions.cpp" line="452" />
        <location filename="../widgets/study_controller.cpp" line="521" />
        <source>Train</source>
        <translation>训练</translation>
    </message>
    <message>
        <location filename="../widgets/main_window_actions.cpp" line="452" />
        <source>The study has no data to train on: choose a dataset with File → Open Data first.</source>
        <translation>研究中没有可训练的数据：请先用 文件 → 打开数据 选择数据集。</translation>
    </message>
    <message>
        <location filename="../widgets/main_window_actions.cpp" line="464" />
        <source>Mask Profiles</source>
        <translation>掩码剖面</translation>
    </message>
    <message>
        <location filename="../widgets/main_window_actions.cpp" line="464" />
        <source>The study has no masks: build one with Analysis → Build Mask or Train first.</source>
        <translation>研究中没有掩码: 请先用 分析 → 生成掩码 或 训练 生成一个。</translation>
    </message>
    <message numerus="yes">
        <location filename="../widgets/study_controller.cpp" line="601" />
        <source>Mask profiles of %n mask(s)</source>
        <translation>
            <numerusform>%n 个掩码的剖面</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../widgets/main_window_actions.cpp" line="477" />
        <location filename="../widgets/study_controller.cpp" line="367" />
        <source>Save Edited Mask</source>
        <translation>保存编辑后的掩码</translation>
    </message>
    <message>
        <location filename="../widgets/main_window_actions.cpp" line="477" />
        <source>Name:</source>
        <translation>名称：</translation>
    </message>
    <message>
        <location filename="../widgets/main_window_actions.cpp" line="478" />
        <source>%1 edited</source>
        <translation>%1 已编辑</translation>
    </message>
    <message>
        <location filename="../widgets/main_window_actions.cpp" line="506" />
        <source>(none)</source>
        <translation>(无)</translation>
    </message>
</context>
<context>
    <name>prunescope::MapView</name>
    <message>
        <location filename="../widgets/map_view.cpp" line="31" />
        <source>The tensor of the selected file to show</source>
        <translation>要显示所选文件中的哪个张量</translation>
    </message>
    <message>
        <location filename="../widgets/map_view.cpp" line="33" />
        <source>Raw values</source>
        <translation>原始值</translation>
    </message>
    <message>
        <location filename="../widgets/map_view.cpp" line="34" />
        <source>Per layer</source>
        <translation>按层</translation>
    </message>
    <message>
        <location filename="../widgets/map_view.cpp" line="35" />
        <source>Rank</source>
        <translation>排名</translation>
    </message>
    <message>
        <location filename="../widgets/map_view.cpp" line="36" />
        <source>Raw: the scores as they are; per layer: each layer scaled to its own range; rank: the order over the whole tensor</source>
        <translation>原始值：按原样显示分数；按层：将每层缩放到其自身的范围；排名：在整个张量上的排序</translation>
    </message>
    <message>
        <location filename="../widgets/map_view.cpp" line="38" />
        <source>Viridis</source>
        <translation>Viridis</translation>
    </message>
    <message>
        <location filename="../widgets/map_view.cpp" line="39" />
        <source>Thermal</source>
        <translation>热力</translation>
    </message>
    <message>
        <location filename="../widgets/map_view.cpp" line="40" />
        <source>Grayscale</source>
        <translation>灰度</translation>
    </message>
    <message>
        <location filename="../widgets/map_view.cpp" line="41" />
        <source>Polar (signed)</source>
        <translation>双极 (有符号)</translation>
    </message>
    <message>
        <location filename="../widgets/map_view.cpp" line="42" />
        <source>The colour scale; Polar centres signed values on zero</source>
        <translation>色阶；双极色阶以零为中心显示有符号值</translation>
    </message>
    <message>
        <location filename="../widgets/map_view.cpp" line="43" />
        <source>Explains this view and the scores it shows</source>
        <translation>说明此视图及其显示的分数</translation>
    </message>
    <message>
        <location filename="../widgets/map_view.cpp" line="45" />
        <source>Tensor:</source>
        <translation>张量：</translation>
    </message>
    <message>
        <location filename="../widgets/map_view.cpp" line="47" />
        <source>Scale:</source>
        <translation>缩放方式：</translation>
    </message>
    <message>
        <location filename="../widgets/map_view.cpp" line="53" />
        <location filename="../widgets/map_view.cpp" line="95" />
        <source>Select a score or mask file of the study to see it here.</source>
        <translation>选择研究中的分数或掩码文件即可在此处查看。</translation>
    </message>
    <message>
        <location filename="../widgets/map_view.cpp" line="88" />
        <source>The selected file has nothing this view shows.</source>
        <translation>所选文件中没有此视图可显示的内容。</translation>
    </message>
    <message>
        <location filename="../widgets/map_view.cpp" line="139" />
        <source>mask</source>
        <translation>掩码</translation>
    </message>
    <message>
        <location filename="../widgets/map_view.cpp" line="139" />
        <source>%1 mask</source>
        <translation>%1 掩码</translation>
    </message>
    <message>
        <location filename="../widgets/map_view.cpp" line="141" />
        <source>%1 from %2 scores</source>
        <translation>%1（来自 %2 分数）</translation>
    </message>
    <message>
        <location filename="../widgets/map_view.cpp" line="143" />
        <source>%1, %2 % pruned</source>
        <translation>%1，已剪枝 %2 %</translation>
    </message>
    <message>
        <location filename="../widgets/map_view.cpp" line="146" />
        <source>%1 scores</source>
        <translation>%1 分数</translation>
    </message>
</context>
<context>
    <name>prunescope::MaskDialog</name>
    <message>
        <location filename="../widgets/study_dialogs.cpp" line="209" />
        <source>Build Mask</source>
        <translation>构建掩码</translation>
    </message>
    <message>
        <location filename="../widgets/study_dialogs.cpp" line="211" />
        <source>The scores the mask is built from</source>
        <translation>用于构建掩码的分数</translation>
    </message>
    <message>
        <location filename="../widgets/study_dialogs.cpp" line="214" />
        <source>What is pruned: heads, key-value groups (a key-value head with its query heads), FFN neurons, single weights, whole blocks, or N:M patterns</source>
        <translation>剪枝对象：注意力头、键值组（一个键值头及其查询头）、FFN 神经元、单个权重、整块，或 N:M 模式</translation>
    </message>
    <message>
        <location filename="../widgets/study_dialogs.cpp" line="218" />
        <source>The fraction of units pruned (N:M patterns fix their own)</source>
        <translation>被剪枝单元的比例（N:M 模式的比例由其自身决定）</translation>
    </message>
    <message>
        <location filename="../widgets/study_dialogs.cpp" line="220" />
        <source>Scores:</source>
        <translation>分数：</translation>
    </message>
    <message>
        <location filename="../widgets/study_dialogs.cpp" line="221" />
        <source>Granularity:</source>
        <translation>粒度：</translation>
    </message>
    <message>
        <location filename="../widgets/study_dialogs.cpp" line="222" />
        <source>Scope:</source>
        <translation>范围：</translation>
    </message>
    <message>
        <location filename="../widgets/study_dialogs.cpp" line="223" />
        <source>Sparsity:</source>
        <translation>稀疏度：</translation>
    </message>
</context>
<context>
    <name>prunescope::MaskEditor</name>
    <message>
        <location filename="../widgets/mask_editor.cpp" line="12" />
        <source>Prune %1 %2:%3</source>
        <translation>剪枝 %1 %2:%3</translation>
    </message>
    <message>
        <location filename="../widgets/mask_editor.cpp" line="13" />
        <source>Restore %1 %2:%3</source>
        <translation>恢复 %1 %2:%3</translation>
    </message>
</context>
<context>
    <name>prunescope::MaskProfileDialog</name>
    <message>
        <location filename="../widgets/study_dialogs.cpp" line="399" />
        <source>Also evaluate: dense, under each mask, shuffled, re-initialised</source>
        <translation>同时评估: 稠密、各掩码下、打乱、重新初始化</translation>
    </message>
    <message>
        <location filename="../widgets/study_dialogs.cpp" line="401" />
        <source>Mask Profiles</source>
        <translation>掩码剖面</translation>
    </message>
    <message>
        <location filename="../widgets/study_dialogs.cpp" line="404" />
        <source>The masks whose sparsity is drawn by layer and component</source>
        <translation>按层和组件绘制稀疏度的掩码</translation>
    </message>
    <message>
        <location filename="../widgets/study_dialogs.cpp" line="405" />
        <source>Evaluates the model on the study's data four ways per mask; takes longer</source>
        <translation>每个掩码以四种方式在研究的数据上评估模型; 耗时较长</translation>
    </message>
    <message>
        <location filename="../widgets/study_dialogs.cpp" line="407" />
        <source>Masks:</source>
        <translation>掩码:</translation>
    </message>
</context>
<context>
    <name>prunescope::MaskProfileView</name>
    <message>
        <location filename="../widgets/mask_profile_view.cpp" line="34" />
        <source>Analyse masks (Analysis → Mask Profiles) to see where each one prunes.</source>
        <translation>分析掩码 (分析 → 掩码剖面) 以查看每个掩码在哪里剪枝。</translation>
    </message>
    <message>
        <location filename="../widgets/mask_profile_view.cpp" line="40" />
        <source>By component</source>
        <translation>按组件</translation>
    </message>
    <message>
        <location filename="../widgets/mask_profile_view.cpp" line="41" />
        <source>By layer</source>
        <translation>按层</translation>
    </message>
    <message>
        <location filename="../widgets/mask_profile_view.cpp" line="42" />
        <source>Bars per component (query, key, value, attention output, FFN in, FFN out) or per layer</source>
        <translation>按组件 (query、key、value、注意力输出、FFN 输入、FFN 输出) 或按层的柱形</translation>
    </message>
    <message>
        <location filename="../widgets/mask_profile_view.cpp" line="44" />
        <source>Sparsity:</source>
        <translation>稀疏度:</translation>
    </message>
    <message>
        <location filename="../widgets/mask_profile_view.cpp" line="46" />
        <source>Explains the sparsity bars and the sensitivity tests</source>
        <translation>解释稀疏度柱形和敏感性测试</translation>
    </message>
    <message>
        <location filename="../widgets/mask_profile_view.cpp" line="56" />
        <source>share of weights pruned</source>
        <translation>被剪枝权重的比例</translation>
    </message>
    <message>
        <location filename="../widgets/mask_profile_view.cpp" line="112" />
        <source>Where the masks prune: the share of weights by layer</source>
        <translation>掩码剪枝的位置：按层的权重比例</translation>
    </message>
    <message>
        <location filename="../widgets/mask_profile_view.cpp" line="113" />
        <source>Where the masks prune: the share of weights by component</source>
        <translation>掩码剪枝的位置：按组件的权重比例</translation>
    </message>
    <message>
        <location filename="../widgets/mask_profile_view.cpp" line="119" />
        <source>layer</source>
        <translation>层</translation>
    </message>
    <message>
        <location filename="../widgets/mask_profile_view.cpp" line="119" />
        <source>component</source>
        <translation>组件</translation>
    </message>
    <message>
        <location filename="../widgets/mask_profile_view.cpp" line="127" />
        <source>%1 (%2 % overall)</source>
        <translation>%1 (总体 %2 %)</translation>
    </message>
    <message>
        <location filename="../widgets/mask_profile_view.cpp" line="140" />
        <source>&lt;table cellspacing="6"&gt;&lt;tr&gt;&lt;th align="left"&gt;mask&lt;/th&gt;&lt;th&gt;%1 dense&lt;/th&gt;&lt;th&gt;under the mask&lt;/th&gt;&lt;th&gt;mask shuffled&lt;/th&gt;&lt;th&gt;weights re-initialised&lt;/th&gt;&lt;/tr&gt;</source>
        <translation>&lt;table cellspacing="6"&gt;&lt;tr&gt;&lt;th align="left"&gt;掩码&lt;/th&gt;&lt;th&gt;%1 稠密&lt;/th&gt;&lt;th&gt;掩码下&lt;/th&gt;&lt;th&gt;打乱掩码&lt;/th&gt;&lt;th&gt;重新初始化权重&lt;/th&gt;&lt;/tr&gt;</translation>
    </message>
</context>
<context>
    <name>prunescope::MethodOptionsDialog</name>
    <message>
        <location filename="../widgets/method_options_form.cpp" line="140" />
        <source>Options of %1</source>
        <translation>%1 的选项</translation>
    </message>
</context>
<context>
    <name>prunescope::MethodOptionsForm</name>
    <message>
        <location filename="../widgets/method_options_form.cpp" line="105" />
        <source>This method has no options.</source>
        <translation>此方法没有选项。</translation>
    </message>
</context>
<context>
    <name>prunescope::ModelPanel</name>
    <message>
        <location filename="../widgets/model_panel.cpp" line="34" />
        <source>Property</source>
        <translation>属性</translation>
    </message>
    <message>
        <location filename="../widgets/model_panel.cpp" line="34" />
        <source>Value</source>
        <translation>值</translation>
    </message>
    <message>
        <location filename="../widgets/model_panel.cpp" line="36" />
        <source>The structure of the open checkpoint: the units that can be pruned</source>
        <translation>已打开检查点的结构: 可剪枝的单元</translation>
    </message>
    <message>
        <location filename="../widgets/model_panel.cpp" line="46" />
        <source>No model open. Use File → Open Checkpoint.</source>
        <translation>未打开模型。请使用 文件 → 打开检查点。</translation>
    </message>
    <message>
        <location filename="../widgets/model_panel.cpp" line="53" />
        <source>&lt;b&gt;%1&lt;/b&gt;&lt;br&gt;%2</source>
        <translation>&lt;b&gt;%1&lt;/b&gt;&lt;br&gt;%2</translation>
    </message>
    <message>
        <location filename="../widgets/model_panel.cpp" line="57" />
        <source>Model</source>
        <translation>模型</translation>
    </message>
    <message>
        <location filename="../widgets/model_panel.cpp" line="58" />
        <source>Family</source>
        <translation>模型族</translation>
    </message>
    <message>
        <location filename="../widgets/model_panel.cpp" line="58" />
        <source>%1 (%2)</source>
        <translation>%1（%2）</translation>
    </message>
    <message>
        <location filename="../widgets/model_panel.cpp" line="60" />
        <source>Architecture</source>
        <translation>架构</translation>
    </message>
    <message>
        <location filename="../widgets/model_panel.cpp" line="61" />
        <source>Parameters</source>
        <translation>参数</translation>
    </message>
    <message>
        <location filename="../widgets/model_panel.cpp" line="61" />
        <source>%1 in %2 tensors</source>
        <translation>%1 (%2 个张量)</translation>
    </message>
    <message>
        <location filename="../widgets/model_panel.cpp" line="62" />
        <source>On disk</source>
        <translation>磁盘占用</translation>
    </message>
    <message numerus="yes">
        <location filename="../widgets/model_panel.cpp" line="62" />
        <source>%1B in %n file(s)</source>
        <translation>
            <numerusform>%1B (%n 个文件)</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../widgets/model_panel.cpp" line="64" />
        <source>Stored as %1</source>
        <translation>以 %1 存储</translation>
    </message>
    <message>
        <location filename="../widgets/model_panel.cpp" line="66" />
        <source>Device in use</source>
        <translation>正在使用的设备</translation>
    </message>
    <message>
        <location filename="../widgets/model_panel.cpp" line="70" />
        <source>Tower: %1</source>
        <translation>塔: %1</translation>
    </message>
    <message>
        <location filename="../widgets/model_panel.cpp" line="71" />
        <source>Layers</source>
        <translation>层数</translation>
    </message>
    <message>
        <location filename="../widgets/model_panel.cpp" line="72" />
        <source>Hidden size</source>
        <translation>隐藏维度</translation>
    </message>
    <message>
        <location filename="../widgets/model_panel.cpp" line="73" />
        <source>Heads per layer</source>
        <translation>每层注意力头</translation>
    </message>
    <message>
        <location filename="../widgets/model_panel.cpp" line="73" />
        <source>%1 of size %2</source>
        <translation>%1 个 (维度 %2)</translation>
    </message>
    <message>
        <location filename="../widgets/model_panel.cpp" line="74" />
        <source>FFN neurons per layer</source>
        <translation>每层 FFN 神经元</translation>
    </message>
    <message>
        <location filename="../widgets/model_panel.cpp" line="75" />
        <source>Activation</source>
        <translation>激活函数</translation>
    </message>
    <message>
        <location filename="../widgets/model_panel.cpp" line="78" />
        <source>Input</source>
        <translation>输入</translation>
    </message>
    <message>
        <location filename="../widgets/model_panel.cpp" line="78" />
        <source>%1 × %1 images in %2 × %2 patches (%3 + 1 tokens)</source>
        <translation>%1 × %1 图像，%2 × %2 图块（%3 + 1 个词元）</translation>
    </message>
    <message>
        <location filename="../widgets/model_panel.cpp" line="82" />
        <source>Prunable units</source>
        <translation>可剪枝单元</translation>
    </message>
    <message>
        <location filename="../widgets/model_panel.cpp" line="83" />
        <source>Heads</source>
        <translation>注意力头</translation>
    </message>
    <message>
        <location filename="../widgets/model_panel.cpp" line="84" />
        <source>FFN neurons</source>
        <translation>FFN 神经元</translation>
    </message>
    <message>
        <location filename="../widgets/model_panel.cpp" line="85" />
        <source>Weights</source>
        <translation>权重</translation>
    </message>
    <message>
        <location filename="../widgets/model_panel.cpp" line="93" />
        <source>Data</source>
        <translation>数据</translation>
    </message>
    <message>
        <location filename="../widgets/model_panel.cpp" line="98" />
        <location filename="../widgets/model_panel.cpp" line="100" />
        <source>File</source>
        <translation>文件</translation>
    </message>
    <message>
        <location filename="../widgets/model_panel.cpp" line="98" />
        <source>none: use File → Open Data</source>
        <translation>无：使用 文件 → 打开数据</translation>
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
        <translation>最大长度</translation>
    </message>
    <message>
        <location filename="../widgets/model_panel.cpp" line="107" />
        <source>Examples</source>
        <translation>样本数</translation>
    </message>
</context>
<context>
    <name>prunescope::NeuronMapView</name>
    <message>
        <location filename="../widgets/neuron_map_view.cpp" line="16" />
        <source>Sort by score</source>
        <translation>按分数排序</translation>
    </message>
    <message>
        <location filename="../widgets/neuron_map_view.cpp" line="20" />
        <source>layer</source>
        <translation>层</translation>
    </message>
    <message>
        <location filename="../widgets/neuron_map_view.cpp" line="20" />
        <source>neuron</source>
        <translation>神经元</translation>
    </message>
    <message>
        <location filename="../widgets/neuron_map_view.cpp" line="21" />
        <source>Order each layer's neurons from the highest score to the lowest</source>
        <translation>将每层的神经元按分数从高到低排列</translation>
    </message>
    <message>
        <location filename="../widgets/neuron_map_view.cpp" line="26" />
        <source>neurons</source>
        <translation>神经元数</translation>
    </message>
    <message>
        <location filename="../widgets/neuron_map_view.cpp" line="29" />
        <source>How the scores of the selected layer are spread</source>
        <translation>所选层分数的分布情况</translation>
    </message>
    <message>
        <location filename="../widgets/neuron_map_view.cpp" line="32" />
        <source>Analysis → Neuron Redundancy: how many neurons of each layer have a near-copy</source>
        <translation>分析 → 神经元冗余：每层有多少神经元存在近似副本</translation>
    </message>
    <message>
        <location filename="../widgets/neuron_map_view.cpp" line="100" />
        <source>score in layer %1</source>
        <translation>层 %1 中的分数</translation>
    </message>
    <message>
        <location filename="../widgets/neuron_map_view.cpp" line="115" />
        <source>uniqueness</source>
        <translation>唯一性</translation>
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
        <translation>层（%1 的冗余）</translation>
    </message>
    <message>
        <location filename="../widgets/neuron_map_view.cpp" line="140" />
        <source>%1: %2 neurons kept, uniqueness %3, %4 with a near-copy (cos &gt; 0.99)
</source>
        <translation>%1：保留 %2 个神经元，唯一性 %3，有近似副本的比例 %4（cos &gt; 0.99）
</translation>
    </message>
</context>
<context>
    <name>prunescope::NewStudyDialog</name>
    <message>
        <location filename="../widgets/study_dialogs.cpp" line="174" />
        <source>New Study</source>
        <translation>新建研究</translation>
    </message>
    <message>
        <location filename="../widgets/study_dialogs.cpp" line="176" />
        <source>Study folder:</source>
        <translation>研究文件夹：</translation>
    </message>
    <message>
        <location filename="../widgets/study_dialogs.cpp" line="176" />
        <source>An empty or new folder; the study's files go here</source>
        <translation>空文件夹或新文件夹；研究的文件将存放在此</translation>
    </message>
    <message>
        <location filename="../widgets/study_dialogs.cpp" line="177" />
        <source>Checkpoint:</source>
        <translation>检查点：</translation>
    </message>
    <message>
        <location filename="../widgets/study_dialogs.cpp" line="178" />
        <source>A Hugging Face checkpoint folder (config.json + model.safetensors)</source>
        <translation>Hugging Face 检查点文件夹（config.json + model.safetensors）</translation>
    </message>
</context>
<context>
    <name>prunescope::NoiseScanDialog</name>
    <message>
        <location filename="../widgets/study_dialogs.cpp" line="666" />
        <source>A share of each noisy tensor's own spread</source>
        <translation>各加噪张量自身标准差的比例</translation>
    </message>
    <message>
        <location filename="../widgets/study_dialogs.cpp" line="668" />
        <source>Smooth-Cut Options…</source>
        <translation>Smooth-Cut 选项…</translation>
    </message>
    <message>
        <location filename="../widgets/study_dialogs.cpp" line="672" />
        <source>Smooth-Cut Noise Scan</source>
        <translation>Smooth-Cut 噪声扫描</translation>
    </message>
    <message>
        <location filename="../widgets/study_dialogs.cpp" line="673" />
        <source>The noise levels scanned, comma-separated, each above 0 (DeepCuts uses 1e-3)</source>
        <translation>要扫描的噪声水平，以逗号分隔，每个大于 0（DeepCuts 使用 1e-3）</translation>
    </message>
    <message>
        <location filename="../widgets/study_dialogs.cpp" line="674" />
        <source>Read sigma as a share of the standard deviation of each tensor the noise is added to, rather than as an absolute level</source>
        <translation>将 σ 视为所加噪声的各张量标准差的比例，而不是绝对水平</translation>
    </message>
    <message>
        <location filename="../widgets/study_dialogs.cpp" line="676" />
        <source>The one-shot weight sparsities evaluated at each sigma, between 0 and 1</source>
        <translation>在每个 σ 下评估的一次性权重稀疏度，介于 0 和 1 之间</translation>
    </message>
    <message>
        <location filename="../widgets/study_dialogs.cpp" line="678" />
        <source>tensor: the same fraction of every matrix, as DeepCuts prunes; global: one threshold over the whole model</source>
        <translation>tensor：与 DeepCuts 相同，每个矩阵剪去相同比例；global：整个模型一个阈值</translation>
    </message>
    <message>
        <location filename="../widgets/study_dialogs.cpp" line="680" />
        <source>Smooth-Cut's options other than the noise level: its passes, where the noise goes</source>
        <translation>噪声水平以外的 Smooth-Cut 选项：传递次数、噪声添加位置</translation>
    </message>
    <message>
        <location filename="../widgets/study_dialogs.cpp" line="686" />
        <source>Sigmas:</source>
        <translation>σ 值：</translation>
    </message>
    <message>
        <location filename="../widgets/study_dialogs.cpp" line="688" />
        <source>Sparsities:</source>
        <translation>稀疏度：</translation>
    </message>
    <message>
        <location filename="../widgets/study_dialogs.cpp" line="689" />
        <source>Scope:</source>
        <translation>范围：</translation>
    </message>
    <message>
        <location filename="../widgets/study_dialogs.cpp" line="691" />
        <source>Held out for evaluation:</source>
        <translation>留出用于评估：</translation>
    </message>
    <message>
        <location filename="../widgets/study_dialogs.cpp" line="728" />
        <source>Smooth-Cut's default options</source>
        <translation>Smooth-Cut 的默认选项</translation>
    </message>
</context>
<context>
    <name>prunescope::SettingsDialog</name>
    <message>
        <location filename="../widgets/app_settings.cpp" line="71" />
        <source>Settings</source>
        <translation>设置</translation>
    </message>
    <message>
        <location filename="../widgets/app_settings.cpp" line="75" />
        <source>Where jobs compute: auto takes the first GPU when there is one</source>
        <translation>任务的计算位置：auto 会在有 GPU 时使用第一个 GPU</translation>
    </message>
    <message>
        <location filename="../widgets/app_settings.cpp" line="77" />
        <source>float32 (exact)</source>
        <translation>float32 (精确)</translation>
    </message>
    <message>
        <location filename="../widgets/app_settings.cpp" line="78" />
        <source>float32, products split on a GPU's tensor cores (tf32x3)</source>
        <translation>float32，在 GPU 张量核心上拆分乘积 (tf32x3)</translation>
    </message>
    <message>
        <location filename="../widgets/app_settings.cpp" line="79" />
        <source>bfloat16 (faster on GPUs)</source>
        <translation>bfloat16 (在 GPU 上更快)</translation>
    </message>
    <message>
        <location filename="../widgets/app_settings.cpp" line="80" />
        <source>float16</source>
        <translation>float16</translation>
    </message>
    <message>
        <location filename="../widgets/app_settings.cpp" line="85" />
        <source>The precision of forward passes when scoring; comparisons with references always use float32. tf32x3 splits each linear layer's float32 product in three on the TF32 tensor cores of a GPU of compute capability 8.0 or later: faster than float32 and a little less exact</source>
        <translation>评分时前向传播的精度；与参考的比较始终使用 float32。tf32x3 在计算能力 8.0 及以上 GPU 的 TF32 张量核心上将每个线性层的 float32 乘积拆分为三个乘积：比 float32 快，精度略低</translation>
    </message>
    <message>
        <location filename="../widgets/app_settings.cpp" line="91" />
        <source>Examples per batch; lower it if the GPU runs out of memory</source>
        <translation>每批的样本数；若 GPU 内存不足，请调小此值</translation>
    </message>
    <message>
        <location filename="../widgets/app_settings.cpp" line="93" />
        <source>all</source>
        <translation>全部</translation>
    </message>
    <message>
        <location filename="../widgets/app_settings.cpp" line="95" />
        <source>Examples sampled from the data for scoring and evaluation (0: all)</source>
        <translation>为计算分数和评估从数据中抽取的样本数（0：全部）</translation>
    </message>
    <message>
        <location filename="../widgets/app_settings.cpp" line="96" />
        <source>System language</source>
        <translation>系统语言</translation>
    </message>
    <message>
        <location filename="../widgets/app_settings.cpp" line="101" />
        <source>The language of the interface; takes effect at the next start</source>
        <translation>界面语言；下次启动时生效</translation>
    </message>
    <message>
        <location filename="../widgets/app_settings.cpp" line="103" />
        <source>This computer</source>
        <translation>本机</translation>
    </message>
    <message>
        <location filename="../widgets/app_settings.cpp" line="105" />
        <source>Device:</source>
        <translation>设备：</translation>
    </message>
    <message>
        <location filename="../widgets/app_settings.cpp" line="107" />
        <source>Jobs of the open study</source>
        <translation>当前研究的任务</translation>
    </message>
    <message>
        <location filename="../widgets/app_settings.cpp" line="107" />
        <source>Jobs of new studies</source>
        <translation>新研究的任务</translation>
    </message>
    <message>
        <location filename="../widgets/app_settings.cpp" line="109" />
        <source>Precision:</source>
        <translation>精度：</translation>
    </message>
    <message>
        <location filename="../widgets/app_settings.cpp" line="110" />
        <source>Batch size:</source>
        <translation>批大小：</translation>
    </message>
    <message>
        <location filename="../widgets/app_settings.cpp" line="111" />
        <source>Sample size:</source>
        <translation>样本数：</translation>
    </message>
    <message>
        <location filename="../widgets/app_settings.cpp" line="106" />
        <source>Language:</source>
        <translation>语言：</translation>
    </message>
</context>
<context>
    <name>prunescope::StudyReport</name>
    <message>
        <location filename="../widgets/study_report.cpp" line="38" />
        <source>%1 failed: %2</source>
        <translation>%1 失败：%2</translation>
    </message>
    <message>
        <location filename="../widgets/study_report.cpp" line="54" />
        <source>The study has nothing to show in the %1 view yet.</source>
        <translation>研究中尚无可在 %1 视图中显示的内容。</translation>
    </message>
    <message>
        <location filename="../widgets/study_report.cpp" line="73" />
        <location filename="../widgets/study_report.cpp" line="192" />
        <source>Cannot write %1</source>
        <translation>无法写入 %1</translation>
    </message>
    <message>
        <location filename="../widgets/study_report.cpp" line="89" />
        <source>Cannot create %1</source>
        <translation>无法创建 %1</translation>
    </message>
    <message>
        <location filename="../widgets/study_report.cpp" line="116" />
        <source>The study's model has no training log (%1), so the Training view is not shown.</source>
        <translation>研究的模型没有训练日志（%1），因此不显示训练视图。</translation>
    </message>
    <message>
        <location filename="../widgets/study_report.cpp" line="164" />
        <source># PruneScope report

Study: `%1`

</source>
        <translation># PruneScope 报告

研究：`%1`

</translation>
    </message>
    <message>
        <location filename="../widgets/study_report.cpp" line="168" />
        <source>The model cannot be read: %1

</source>
        <translation>无法读取模型：%1

</translation>
    </message>
    <message>
        <location filename="../widgets/study_report.cpp" line="170" />
        <source>## Evaluation

%1

## Items

</source>
        <translation>## 评估

%1

## 条目

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
## 扫描

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
## 比较

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
## 掩码剖面

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
## 视图

</translation>
    </message>
</context>
<context>
    <name>prunescope::SweepDialog</name>
    <message>
        <location filename="../widgets/study_dialogs.cpp" line="574" />
        <source>Options…</source>
        <translation>选项…</translation>
    </message>
    <message>
        <location filename="../widgets/study_dialogs.cpp" line="578" />
        <source>Sweep</source>
        <translation>扫描</translation>
    </message>
    <message>
        <location filename="../widgets/study_dialogs.cpp" line="584" />
        <source>The methods compared; random is always included</source>
        <translation>要比较的方法；random 始终包含在内</translation>
    </message>
    <message>
        <location filename="../widgets/study_dialogs.cpp" line="585" />
        <source>Comma-separated fractions between 0 and 1</source>
        <translation>以逗号分隔的 0 到 1 之间的比例</translation>
    </message>
    <message>
        <location filename="../widgets/study_dialogs.cpp" line="588" />
        <source>The options of the selected method, as its declaration offers them</source>
        <translation>所选方法的选项（按其声明提供）</translation>
    </message>
    <message>
        <location filename="../widgets/study_dialogs.cpp" line="594" />
        <source>Methods:</source>
        <translation>方法：</translation>
    </message>
    <message>
        <location filename="../widgets/study_dialogs.cpp" line="596" />
        <source>Sparsities:</source>
        <translation>稀疏度：</translation>
    </message>
    <message>
        <location filename="../widgets/study_dialogs.cpp" line="597" />
        <source>Granularity:</source>
        <translation>粒度：</translation>
    </message>
    <message>
        <location filename="../widgets/study_dialogs.cpp" line="598" />
        <source>Scope:</source>
        <translation>范围：</translation>
    </message>
    <message>
        <location filename="../widgets/study_dialogs.cpp" line="599" />
        <source>Held out for evaluation:</source>
        <translation>留出用于评估：</translation>
    </message>
    <message>
        <location filename="../widgets/study_dialogs.cpp" line="635" />
        <source>Every method with its default options</source>
        <translation>所有方法均使用默认选项</translation>
    </message>
</context>
<context>
    <name>prunescope::TrainDialog</name>
    <message>
        <location filename="../widgets/study_dialogs.cpp" line="442" />
        <source>Train</source>
        <translation>训练</translation>
    </message>
    <message>
        <location filename="../widgets/study_dialogs.cpp" line="445" />
        <source>Fine-tune (records the movement map)</source>
        <translation>微调（记录 movement 图）</translation>
    </message>
    <message>
        <location filename="../widgets/study_dialogs.cpp" line="461" />
        <source>Fine-tune under a fixed mask (retrain after pruning)</source>
        <translation>在固定掩码下微调（剪枝后重新训练）</translation>
    </message>
    <message>
        <location filename="../widgets/study_dialogs.cpp" line="469" />
        <source>n of every m consecutive weights along the input are kept</source>
        <translation>沿输入方向每 m 个连续权重保留 n 个</translation>
    </message>
    <message>
        <location filename="../widgets/study_dialogs.cpp" line="465" />
        <source>The mask held fixed: its pruned units and weights get no gradient</source>
        <translation>固定的掩码：被剪枝的单元和权重不接收梯度</translation>
    </message>
    <message>
        <location filename="../widgets/study_dialogs.cpp" line="438" />
        <source>A new classification head for the classes of the study's data</source>
        <translation>为研究数据的类别新建分类头</translation>
    </message>
    <message>
        <location filename="../widgets/study_dialogs.cpp" line="454" />
        <source>%1, in one shot (no training)</source>
        <translation>%1，一次性 (不训练)</translation>
    </message>
    <message>
        <location filename="../widgets/study_dialogs.cpp" line="477" />
        <source>The share of the study's data held out to pick the best model</source>
        <translation>为挑选最佳模型而留出的研究数据比例</translation>
    </message>
    <message>
        <location filename="../widgets/study_dialogs.cpp" line="482" />
        <source>as the epochs give</source>
        <translation>由轮数决定</translation>
    </message>
    <message>
        <location filename="../widgets/study_dialogs.cpp" line="486" />
        <source>each epoch</source>
        <translation>每轮</translation>
    </message>
    <message>
        <location filename="../widgets/study_dialogs.cpp" line="488" />
        <source>never stop early</source>
        <translation>从不提前停止</translation>
    </message>
    <message>
        <location filename="../widgets/study_dialogs.cpp" line="490" />
        <source>For labels the model was not trained on: its classifier's output layer starts afresh, one output for each label in the data, and the checkpoint names them</source>
        <translation>用于模型未训练过的标签：分类器的输出层重新初始化，数据中的每个标签对应一个输出，检查点记录其名称</translation>
    </message>
    <message>
        <location filename="../widgets/study_dialogs.cpp" line="493" />
        <source>A new folder for the trained checkpoint; one that holds files is replaced only if you agree</source>
        <translation>用于训练后检查点的新文件夹；已有文件的文件夹仅在您同意后才会被替换</translation>
    </message>
    <message>
        <location filename="../widgets/study_dialogs.cpp" line="497" />
        <source>Method:</source>
        <translation>方法：</translation>
    </message>
    <message>
        <location filename="../widgets/study_dialogs.cpp" line="499" />
        <source>Pattern:</source>
        <translation>模式:</translation>
    </message>
    <message>
        <location filename="../widgets/study_dialogs.cpp" line="500" />
        <source>Mask:</source>
        <translation>掩码：</translation>
    </message>
    <message>
        <location filename="../widgets/study_dialogs.cpp" line="501" />
        <source>Epochs:</source>
        <translation>轮数：</translation>
    </message>
    <message>
        <location filename="../widgets/study_dialogs.cpp" line="502" />
        <source>Steps:</source>
        <translation>步数：</translation>
    </message>
    <message>
        <location filename="../widgets/study_dialogs.cpp" line="503" />
        <source>Batch size:</source>
        <translation>批大小：</translation>
    </message>
    <message>
        <location filename="../widgets/study_dialogs.cpp" line="504" />
        <source>Learning rate:</source>
        <translation>学习率：</translation>
    </message>
    <message>
        <location filename="../widgets/study_dialogs.cpp" line="505" />
        <source>Validation share:</source>
        <translation>验证比例：</translation>
    </message>
    <message>
        <location filename="../widgets/study_dialogs.cpp" line="506" />
        <source>Evaluate every:</source>
        <translation>评估间隔：</translation>
    </message>
    <message>
        <location filename="../widgets/study_dialogs.cpp" line="507" />
        <source>Patience:</source>
        <translation>耐心值：</translation>
    </message>
    <message>
        <location filename="../widgets/study_dialogs.cpp" line="509" />
        <source>Folder:</source>
        <translation>文件夹：</translation>
    </message>
</context>
<context>
    <name>prunescope::TrainingView</name>
    <message>
        <location filename="../widgets/training_view.cpp" line="54" />
        <source>mask</source>
        <translation>掩码</translation>
    </message>
    <message>
        <location filename="../widgets/training_view.cpp" line="54" />
        <source>layer and component</source>
        <translation>层和组件</translation>
    </message>
    <message>
        <location filename="../widgets/training_view.cpp" line="59" />
        <source>Explains the training plot and the round map</source>
        <translation>解释训练曲线和轮次图</translation>
    </message>
    <message>
        <location filename="../widgets/training_view.cpp" line="78" />
        <source>step</source>
        <translation>步</translation>
    </message>
    <message>
        <location filename="../widgets/training_view.cpp" line="67" />
        <location filename="../widgets/training_view.cpp" line="110" />
        <source>training loss</source>
        <translation>训练损失</translation>
    </message>
    <message>
        <location filename="../widgets/training_view.cpp" line="113" />
        <source>validation</source>
        <translation>验证</translation>
    </message>
    <message>
        <location filename="../widgets/training_view.cpp" line="117" />
        <location filename="../widgets/training_view.cpp" line="212" />
        <source>sparsity</source>
        <translation>稀疏度</translation>
    </message>
    <message>
        <location filename="../widgets/training_view.cpp" line="158" />
        <source>Layer %1 of %2 pruned</source>
        <translation>已剪枝第 %1 层 (共 %2 层)</translation>
    </message>
    <message>
        <location filename="../widgets/training_view.cpp" line="181" />
        <source>validation %1</source>
        <translation>验证 %1</translation>
    </message>
    <message>
        <location filename="../widgets/training_view.cpp" line="212" />
        <source>validation %1 / sparsity</source>
        <translation>验证 %1 / 稀疏度</translation>
    </message>
    <message>
        <location filename="../widgets/training_view.cpp" line="163" />
        <source>Step %1 of %2, epoch %3: loss %4, learning rate %5</source>
        <translation>第 %1 / %2 步，第 %3 轮：损失 %4，学习率 %5</translation>
    </message>
    <message>
        <location filename="../widgets/training_view.cpp" line="77" />
        <location filename="../widgets/training_view.cpp" line="120" />
        <source>learning rate</source>
        <translation>学习率</translation>
    </message>
    <message>
        <location filename="../widgets/training_view.cpp" line="90" />
        <source>Train the study's model (Analysis → Train) to follow the run here; the training log of the study's model shows here when it has one.</source>
        <translation>训练研究的模型（分析 → 训练）即可在此跟踪训练过程；研究的模型若有训练日志，也会显示在这里。</translation>
    </message>
    <message>
        <location filename="../widgets/training_view.cpp" line="128" />
        <source>Training log of %1 (%2)</source>
        <translation>%1 的训练日志（%2）</translation>
    </message>
    <message>
        <location filename="../widgets/training_view.cpp" line="140" />
        <source>Recipe: %1</source>
        <translation>训练设置：%1</translation>
    </message>
    <message>
        <location filename="../widgets/training_view.cpp" line="170" />
        <source>, sparsity %1</source>
        <translation>，稀疏度 %1</translation>
    </message>
    <message numerus="yes">
        <location filename="../widgets/training_view.cpp" line="221" />
        <source>%n step(s)</source>
        <translation>
            <numerusform>%n 步</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../widgets/training_view.cpp" line="223" />
        <source> (stopped early)</source>
        <translation>（提前停止）</translation>
    </message>
    <message>
        <location filename="../widgets/training_view.cpp" line="225" />
        <source>; best validation %1 %2 at step %3</source>
        <translation>；最佳验证 %1 为 %2（第 %3 步）</translation>
    </message>
    <message>
        <location filename="../widgets/training_view.cpp" line="226" />
        <source>. The trained model is in %1.</source>
        <translation>。训练后的模型位于 %1。</translation>
    </message>
    <message numerus="yes">
        <location filename="../widgets/training_view.cpp" line="228" />
        <source> Compute spent: %n training step(s) in all runs, %1 s.</source>
        <translation>
            <numerusform> 计算开销: 所有运行共 %n 个训练步, %1 秒。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../widgets/training_view.cpp" line="231" />
        <source> %n pruned connection(s) recovered.</source>
        <translation>
            <numerusform> %n 个被剪枝的连接恢复了。</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../widgets/training_view.cpp" line="233" />
        <source> The push did not reach the target sparsity in the steps given: train longer.</source>
        <translation> 在给定步数内推力未达到目标稀疏度: 请训练更久。</translation>
    </message>
    <message numerus="yes">
        <location filename="../widgets/training_view.cpp" line="239" />
        <source>%n layer(s) pruned in one shot to sparsity %1 in %2 s</source>
        <translation>
            <numerusform>%n 层一次性剪枝至稀疏度 %1，用时 %2 秒</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../widgets/training_view.cpp" line="243" />
        <source>; validation %1 %2 (dense %3)</source>
        <translation>；验证 %1 %2 (稠密模型 %3)</translation>
    </message>
    <message>
        <location filename="../widgets/training_view.cpp" line="247" />
        <source>. The pruned model is in %1.</source>
        <translation>。剪枝后的模型在 %1。</translation>
    </message>
    <message>
        <location filename="../widgets/training_view.cpp" line="270" />
        <source>sparsity the schedule asks for</source>
        <translation>计划要求的稀疏度</translation>
    </message>
    <message>
        <location filename="../widgets/training_view.cpp" line="274" />
        <source>ADMM primal residual</source>
        <translation>ADMM 原始残差</translation>
    </message>
    <message>
        <location filename="../widgets/training_view.cpp" line="274" />
        <source>ADMM dual residual</source>
        <translation>ADMM 对偶残差</translation>
    </message>
    <message>
        <location filename="../widgets/training_view.cpp" line="309" />
        <source>%1, %2 %3: %4 % of the weights pruned (the mask: %5 %)</source>
        <translation>%1, %2 %3: 剪去 %4 % 的权重 (整个掩码: %5 %)</translation>
    </message>
    <message>
        <location filename="../widgets/training_view.cpp" line="325" />
        <source>Round %1: the share of weights each mask prunes, by layer and component</source>
        <translation>第 %1 轮: 每个掩码剪去的权重比例, 按层和组件</translation>
    </message>
    <message>
        <location filename="../widgets/training_view.cpp" line="327" />
        <source>; the weak masks' pruned sets overlap by %1 % (mean IoU)</source>
        <translation>; 弱掩码剪枝集合的重叠为 %1 % (平均 IoU)</translation>
    </message>
</context>
<context>
    <name>prunescope::WeightView</name>
    <message>
        <location filename="../widgets/weight_view.cpp" line="13" />
        <location filename="../widgets/weight_view.cpp" line="35" />
        <location filename="../widgets/weight_view.cpp" line="37" />
        <source>output feature</source>
        <translation>输出特征</translation>
    </message>
    <message>
        <location filename="../widgets/weight_view.cpp" line="13" />
        <location filename="../widgets/weight_view.cpp" line="35" />
        <location filename="../widgets/weight_view.cpp" line="37" />
        <source>input feature</source>
        <translation>输入特征</translation>
    </message>
    <message>
        <location filename="../widgets/weight_view.cpp" line="16" />
        <source>Scroll to zoom, drag to move</source>
        <translation>滚动以缩放，拖动以移动</translation>
    </message>
</context>
</TS>