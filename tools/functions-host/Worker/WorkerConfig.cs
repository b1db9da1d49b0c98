using System.Text.Json;

namespace Recommender.FunctionsHost.Worker;

/// <summary>worker.config.json of the app: how to start the worker (executable and entry assembly).</summary>
internal sealed record WorkerConfig(string Executable, string WorkerPath)
{
    public const string FileName = "worker.config.json";

    public static WorkerConfig Read(string appDirectory)
    {
        string path = Path.Combine(appDirectory, FileName);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"{path} is missing: is {appDirectory} the build output of a Functions worker?", path);
        }

        using JsonDocument document = JsonDocument.Parse(File.ReadAllText(path));
        JsonElement description = document.RootElement.GetProperty("description");
        string executable = description.TryGetProperty("defaultExecutablePath", out JsonElement exe) ? exe.GetString() ?? "dotnet" : "dotnet";
        string worker = description.GetProperty("defaultWorkerPath").GetString()
            ?? throw new InvalidDataException($"{path} names no defaultWorkerPath.");
        return new WorkerConfig(executable, Path.GetFullPath(worker, appDirectory));
    }
}
