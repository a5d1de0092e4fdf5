<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>main</name>
    <message>
        <location filename="../app/gui/main.cpp" line="18"/>
        <source>Interactive pruning analysis of transformer models</source>
        <translation>Transformer 模型的交互式剪枝分析</translation>
    </message>
    <message>
        <location filename="../app/gui/main.cpp" line="21"/>
        <source>Checkpoint folder to open.</source>
        <translation>要打开的检查点文件夹。</translation>
    </message>
    <message>
        <location filename="../app/gui/main.cpp" line="22"/>
        <source>DIR</source>
        <translation>文件夹</translation>
    </message>
    <message>
        <location filename="../app/gui/main.cpp" line="24"/>
        <source>Exit once the model is shown (for checks).</source>
        <translation>显示模型后退出 (用于检查)。</translation>
    </message>
    <message>
        <location filename="../app/gui/main.cpp" line="26"/>
        <source>Render the window into a PNG file and exit.</source>
        <translation>将窗口渲染为 PNG 文件后退出。</translation>
    </message>
    <message>
        <location filename="../app/gui/main.cpp" line="27"/>
        <source>FILE</source>
        <translation>文件</translation>
    </message>
</context>
<context>
    <name>prunescope::MainWindow</name>
    <message>
        <location filename="../widgets/main_window.cpp" line="20"/>
        <source>PruneScope</source>
        <translation>PruneScope</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="24"/>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="25"/>
        <source>&amp;Open Checkpoint…</source>
        <translation>打开检查点(&amp;O)…</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="27"/>
        <source>Open a Hugging Face checkpoint folder (config.json + model.safetensors)</source>
        <translation>打开 Hugging Face 检查点文件夹 (config.json + model.safetensors)</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="29"/>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="31"/>
        <source>Ready</source>
        <translation>就绪</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="43"/>
        <source>Opened %1</source>
        <translation>已打开 %1</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="47"/>
        <source>Cannot open the checkpoint:
%1</source>
        <translation>无法打开检查点:
%1</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="50"/>
        <source>Open Checkpoint</source>
        <translation>打开检查点</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="57"/>
        <source>Open Checkpoint Folder</source>
        <translation>打开检查点文件夹</translation>
    </message>
</context>
<context>
    <name>prunescope::ModelPanel</name>
    <message>
        <location filename="../widgets/model_panel.cpp" line="32"/>
        <source>Property</source>
        <translation>属性</translation>
    </message>
    <message>
        <location filename="../widgets/model_panel.cpp" line="32"/>
        <source>Value</source>
        <translation>值</translation>
    </message>
    <message>
        <location filename="../widgets/model_panel.cpp" line="34"/>
        <source>The structure of the open checkpoint: the units that can be pruned</source>
        <translation>已打开检查点的结构: 可剪枝的单元</translation>
    </message>
    <message>
        <location filename="../widgets/model_panel.cpp" line="44"/>
        <source>No model open. Use File → Open Checkpoint.</source>
        <translation>未打开模型。请使用 文件 → 打开检查点。</translation>
    </message>
    <message>
        <location filename="../widgets/model_panel.cpp" line="51"/>
        <source>&lt;b&gt;%1&lt;/b&gt;&lt;br&gt;%2</source>
        <translation>&lt;b&gt;%1&lt;/b&gt;&lt;br&gt;%2</translation>
    </message>
    <message>
        <location filename="../widgets/model_panel.cpp" line="55"/>
        <source>Model</source>
        <translation>模型</translation>
    </message>
    <message>
        <location filename="../widgets/model_panel.cpp" line="56"/>
        <source>Family</source>
        <translation>模型族</translation>
    </message>
    <message>
        <location filename="../widgets/model_panel.cpp" line="57"/>
        <source>Architecture</source>
        <translation>架构</translation>
    </message>
    <message>
        <location filename="../widgets/model_panel.cpp" line="58"/>
        <source>Parameters</source>
        <translation>参数</translation>
    </message>
    <message>
        <location filename="../widgets/model_panel.cpp" line="58"/>
        <source>%1 in %2 tensors</source>
        <translation>%1 (%2 个张量)</translation>
    </message>
    <message>
        <location filename="../widgets/model_panel.cpp" line="59"/>
        <source>On disk</source>
        <translation>磁盘占用</translation>
    </message>
    <message numerus="yes">
        <location filename="../widgets/model_panel.cpp" line="59"/>
        <source>%1B in %n file(s)</source>
        <translation>
            <numerusform>%1B (%n 个文件)</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../widgets/model_panel.cpp" line="61"/>
        <source>Stored as %1</source>
        <translation>以 %1 存储</translation>
    </message>
    <message>
        <location filename="../widgets/model_panel.cpp" line="65"/>
        <source>Tower: %1</source>
        <translation>塔: %1</translation>
    </message>
    <message>
        <location filename="../widgets/model_panel.cpp" line="66"/>
        <source>Layers</source>
        <translation>层数</translation>
    </message>
    <message>
        <location filename="../widgets/model_panel.cpp" line="67"/>
        <source>Hidden size</source>
        <translation>隐藏维度</translation>
    </message>
    <message>
        <location filename="../widgets/model_panel.cpp" line="68"/>
        <source>Heads per layer</source>
        <translation>每层注意力头</translation>
    </message>
    <message>
        <location filename="../widgets/model_panel.cpp" line="68"/>
        <source>%1 of size %2</source>
        <translation>%1 个 (维度 %2)</translation>
    </message>
    <message>
        <location filename="../widgets/model_panel.cpp" line="69"/>
        <source>FFN neurons per layer</source>
        <translation>每层 FFN 神经元</translation>
    </message>
    <message>
        <location filename="../widgets/model_panel.cpp" line="70"/>
        <source>Activation</source>
        <translation>激活函数</translation>
    </message>
    <message>
        <location filename="../widgets/model_panel.cpp" line="72"/>
        <source>Prunable units</source>
        <translation>可剪枝单元</translation>
    </message>
    <message>
        <location filename="../widgets/model_panel.cpp" line="73"/>
        <source>Heads</source>
        <translation>注意力头</translation>
    </message>
    <message>
        <location filename="../widgets/model_panel.cpp" line="74"/>
        <source>FFN neurons</source>
        <translation>FFN 神经元</translation>
    </message>
    <message>
        <location filename="../widgets/model_panel.cpp" line="75"/>
        <source>Weights</source>
        <translation>权重</translation>
    </message>
</context>
</TS>
