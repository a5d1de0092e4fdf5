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
        "Checkpoint folder to open.": "開くチェックポイントフォルダー。",
        "DIR": "フォルダー",
        "Exit once the model is shown (for checks).": "モデルを表示したら終了します (確認用)。",
        "Render the window into a PNG file and exit.": "ウィンドウを PNG ファイルに描画して終了します。",
        "FILE": "ファイル",
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
        "Checkpoint folder to open.": "要打开的检查点文件夹。",
        "DIR": "文件夹",
        "Exit once the model is shown (for checks).": "显示模型后退出 (用于检查)。",
        "Render the window into a PNG file and exit.": "将窗口渲染为 PNG 文件后退出。",
        "FILE": "文件",
    },
}

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
        if source not in table:
            missing += 1
            continue
        if message.get("numerus") == "yes":
            for form in forms or [ET.SubElement(translation, "numerusform")]:
                form.text = table[source]
        else:
            translation.text = table[source]
        translation.attrib.pop("type", None)
    tree.write(path, encoding="utf-8", xml_declaration=True)
    print(f"{path}: {missing} strings without a translation", file=sys.stderr)
