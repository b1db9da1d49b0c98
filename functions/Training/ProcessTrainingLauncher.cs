using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Options;
using Recommender.Core.AzureStorage;
using Recommender.Functions.Hosting;

namespace Recommender.Functions.Training;

/// <summary>
/// Local launcher: runs <c>dotnet training-job.dll train</c> as a child process against the same storage
/// (the RecommenderStorage settings are passed in its environment) and reads the outcome from the JSON it prints.
/// The child is stopped when the app stops or when the lease runs out.
/// </summary>
public sealed partial class ProcessTrainingLauncher(
    TrainingOptions options,
    IOptions<RecommenderOptions> settings,
    StorageLayoutOptions layout,
    IConfiguration configuration,
    ILogger<ProcessTrainingLauncher> logger) : ITrainingLauncher
{
    public const string LauncherName = "process";
    private const int KeptErrorLines = 20;

    public string Name => LauncherName;

    /// <summary>
    /// The arguments after <c>dotnet training-job.dll</c>: train on the data container's ratings and movies, then the
    /// code-level extra arguments, then the TrainingExtraArguments setting (validated at startup).
    /// </summary>
    public IReadOnlyList<string> JobArguments() =>
    [
        "train",
        "--ratings", $"blob:{layout.DataContainer}/ratings.csv",
        "--items", $"blob:{layout.DataContainer}/movies.csv",
        "--models-container", layout.ModelsContainer,
        "--feedback-table", layout.FeedbackTable,
        .. options.ExtraJobArguments,
        .. TrainingExtraArguments.Parse(settings.Value.TrainingExtraArguments),
    ];

    public Task<TrainingLaunch> StartAsync(string runId, CancellationToken runLifetime)
    {
        string dll = TrainingJobLocator.Locate(options.TrainingJobPath, AppContext.BaseDirectory);
        var info = new ProcessStartInfo(DotnetHost())
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetDirectoryName(dll)!,
        };
        info.ArgumentList.Add(dll);
        foreach (string argument in JobArguments())
        {
            info.ArgumentList.Add(argument);
        }

        PassStorageSettings(info.Environment);
        var process = new Process { StartInfo = info };
        process.Start();
        LogStarted(logger, runId, process.Id, dll);
        Task<TrainingResult> completion = WaitAsync(process, runId, runLifetime);
        return Task.FromResult(new TrainingLaunch("pid " + process.Id.ToString(CultureInfo.InvariantCulture), completion));
    }

    private async Task<TrainingResult> WaitAsync(Process process, string runId, CancellationToken runLifetime)
    {
        using (process)
        {
            var errorLines = new Queue<string>();
            Task<string> stdout = process.StandardOutput.ReadToEndAsync(CancellationToken.None);
            Task stderr = PumpErrorsAsync(process.StandardError, errorLines, runId);
            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(runLifetime);
            deadline.CancelAfter(options.LeaseDuration);
            try
            {
                await process.WaitForExitAsync(deadline.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
                return TrainingResult.Failure(runLifetime.IsCancellationRequested
                    ? "The app stopped while the training job ran; the job was stopped."
                    : $"The training job ran longer than the {options.LeaseDuration} lease and was stopped.");
            }

            string output = await stdout.ConfigureAwait(false);
            await stderr.ConfigureAwait(false);
            if (process.ExitCode != 0)
            {
                string last = errorLines.LastOrDefault(l => l.StartsWith("error:", StringComparison.Ordinal)) ?? errorLines.LastOrDefault() ?? "no output";
                return TrainingResult.Failure($"training-job exited with code {process.ExitCode}: {last}");
            }

            return TrainingOutcomeReader.Read(output);
        }
    }

    private async Task PumpErrorsAsync(StreamReader reader, Queue<string> keep, string runId)
    {
        // The job reports progress on stderr: forward it to the log and keep the tail for the failure message.
        while (await reader.ReadLineAsync(CancellationToken.None).ConfigureAwait(false) is { } line)
        {
            LogJobOutput(logger, runId, line);
            keep.Enqueue(line);
            if (keep.Count > KeptErrorLines)
            {
                keep.Dequeue();
            }
        }
    }

    private void PassStorageSettings(IDictionary<string, string?> environment)
    {
        // The child sees exactly the app's storage configuration (tests and local settings live in IConfiguration, not the environment).
        foreach (string key in environment.Keys.Where(k => k.StartsWith(StorageAccountSettings.SettingName, StringComparison.OrdinalIgnoreCase)).ToList())
        {
            environment.Remove(key);
        }

        IConfigurationSection storage = configuration.GetSection(StorageAccountSettings.SettingName);
        if (!string.IsNullOrEmpty(storage.Value))
        {
            environment[StorageAccountSettings.SettingName] = storage.Value;
        }

        foreach (IConfigurationSection part in storage.GetChildren())
        {
            if (!string.IsNullOrEmpty(part.Value))
            {
                environment[StorageAccountSettings.SettingName + "__" + part.Key] = part.Value;
            }
        }
    }

    // The same dotnet host that runs the app (the worker runs framework-dependent); otherwise the one on PATH.
    private static string DotnetHost()
    {
        string? self = Environment.ProcessPath;
        if (self is not null && Path.GetFileNameWithoutExtension(self) == "dotnet")
        {
            return self;
        }

        string? sdkHost = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH");
        return !string.IsNullOrEmpty(sdkHost) && File.Exists(sdkHost) ? sdkHost : "dotnet";
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Training run {RunId}: started process {ProcessId} ({Assembly})")]
    private static partial void LogStarted(ILogger logger, string runId, int processId, string assembly);

    [LoggerMessage(Level = LogLevel.Information, Message = "Training run {RunId}: {Line}")]
    private static partial void LogJobOutput(ILogger logger, string runId, string line);
}
