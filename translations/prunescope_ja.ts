<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="ja_JP">
<context>
    <name>main</name>
    <message>
        <location filename="../app/gui/main.cpp" line="18"/>
        <source>Interactive pruning analysis of transformer models</source>
        <translation>Transformer モデルの対話的な枝刈り分析</translation>
    </message>
    <message>
        <location filename="../app/gui/main.cpp" line="21"/>
        <source>Checkpoint folder to open.</source>
        <translation>開くチェックポイントフォルダー。</translation>
    </message>
    <message>
        <location filename="../app/gui/main.cpp" line="22"/>
        <source>DIR</source>
        <translation>フォルダー</translation>
    </message>
    <message>
        <location filename="../app/gui/main.cpp" line="24"/>
        <source>Exit once the model is shown (for checks).</source>
        <translation>モデルを表示したら終了します (確認用)。</translation>
    </message>
    <message>
        <location filename="../app/gui/main.cpp" line="26"/>
        <source>Render the window into a PNG file and exit.</source>
        <translation>ウィンドウを PNG ファイルに描画して終了します。</translation>
    </message>
    <message>
        <location filename="../app/gui/main.cpp" line="27"/>
        <source>FILE</source>
        <translation>ファイル</translation>
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
        <translation>ファイル(&amp;F)</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="25"/>
        <source>&amp;Open Checkpoint…</source>
        <translation>チェックポイントを開く(&amp;O)…</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="27"/>
        <source>Open a Hugging Face checkpoint folder (config.json + model.safetensors)</source>
        <translation>Hugging Face のチェックポイントフォルダー (config.json + model.safetensors) を開きます</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="29"/>
        <source>&amp;Quit</source>
        <translation>終了(&amp;Q)</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="31"/>
        <source>Ready</source>
        <translation>準備完了</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="43"/>
        <source>Opened %1</source>
        <translation>%1 を開きました</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="47"/>
        <source>Cannot open the checkpoint:
%1</source>
        <translation>チェックポイントを開けません:
%1</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="50"/>
        <source>Open Checkpoint</source>
        <translation>チェックポイントを開く</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="57"/>
        <source>Open Checkpoint Folder</source>
        <translation>チェックポイントフォルダーを開く</translation>
    </message>
</context>
<context>
    <name>prunescope::ModelPanel</name>
    <message>
        <location filename="../widgets/model_panel.cpp" line="32"/>
        <source>Property</source>
        <translation>項目</translation>
    </message>
    <message>
        <location filename="../widgets/model_panel.cpp" line="32"/>
        <source>Value</source>
        <translation>値</translation>
    </message>
    <message>
        <location filename="../widgets/model_panel.cpp" line="34"/>
        <source>The structure of the open checkpoint: the units that can be pruned</source>
        <translation>開いているチェックポイントの構造: 枝刈りできる単位</translation>
    </message>
    <message>
        <location filename="../widgets/model_panel.cpp" line="44"/>
        <source>No model open. Use File → Open Checkpoint.</source>
        <translation>モデルが開かれていません。ファイル → チェックポイントを開く を使ってください。</translation>
    </message>
    <message>
        <location filename="../widgets/model_panel.cpp" line="51"/>
        <source>&lt;b&gt;%1&lt;/b&gt;&lt;br&gt;%2</source>
        <translation>&lt;b&gt;%1&lt;/b&gt;&lt;br&gt;%2</translation>
    </message>
    <message>
        <location filename="../widgets/model_panel.cpp" line="55"/>
        <source>Model</source>
        <translation>モデル</translation>
    </message>
    <message>
        <location filename="../widgets/model_panel.cpp" line="56"/>
        <source>Family</source>
        <translation>ファミリー</translation>
    </message>
    <message>
        <location filename="../widgets/model_panel.cpp" line="57"/>
        <source>Architecture</source>
        <translation>アーキテクチャ</translation>
    </message>
    <message>
        <location filename="../widgets/model_panel.cpp" line="58"/>
        <source>Parameters</source>
        <translation>パラメーター</translation>
    </message>
    <message>
        <location filename="../widgets/model_panel.cpp" line="58"/>
        <source>%1 in %2 tensors</source>
        <translation>%1 (%2 テンソル)</translation>
    </message>
    <message>
        <location filename="../widgets/model_panel.cpp" line="59"/>
        <source>On disk</source>
        <translation>ディスク上</translation>
    </message>
    <message numerus="yes">
        <location filename="../widgets/model_panel.cpp" line="59"/>
        <source>%1B in %n file(s)</source>
        <translation>
            <numerusform>%1B (%n ファイル)</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../widgets/model_panel.cpp" line="61"/>
        <source>Stored as %1</source>
        <translation>%1 で保存</translation>
    </message>
    <message>
        <location filename="../widgets/model_panel.cpp" line="65"/>
        <source>Tower: %1</source>
        <translation>タワー: %1</translation>
    </message>
    <message>
        <location filename="../widgets/model_panel.cpp" line="66"/>
        <source>Layers</source>
        <translation>層</translation>
    </message>
    <message>
        <location filename="../widgets/model_panel.cpp" line="67"/>
        <source>Hidden size</source>
        <translation>隠れ層の次元</translation>
    </message>
    <message>
        <location filename="../widgets/model_panel.cpp" line="68"/>
        <source>Heads per layer</source>
        <translation>層あたりのヘッド</translation>
    </message>
    <message>
        <location filename="../widgets/model_panel.cpp" line="68"/>
        <source>%1 of size %2</source>
        <translation>%1 個 (次元 %2)</translation>
    </message>
    <message>
        <location filename="../widgets/model_panel.cpp" line="69"/>
        <source>FFN neurons per layer</source>
        <translation>層あたりの FFN ニューロン</translation>
    </message>
    <message>
        <location filename="../widgets/model_panel.cpp" line="70"/>
        <source>Activation</source>
        <translation>活性化関数</translation>
    </message>
    <message>
        <location filename="../widgets/model_panel.cpp" line="72"/>
        <source>Prunable units</source>
        <translation>枝刈りできる単位</translation>
    </message>
    <message>
        <location filename="../widgets/model_panel.cpp" line="73"/>
        <source>Heads</source>
        <translation>ヘッド</translation>
    </message>
    <message>
        <location filename="../widgets/model_panel.cpp" line="74"/>
        <source>FFN neurons</source>
        <translation>FFN ニューロン</translation>
    </message>
    <message>
        <location filename="../widgets/model_panel.cpp" line="75"/>
        <source>Weights</source>
        <translation>重み</translation>
    </message>
</context>
</TS>
