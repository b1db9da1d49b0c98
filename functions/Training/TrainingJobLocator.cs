namespace Recommender.Functions.Training;

/// <summary>
/// Finds training-job.dll for the process launcher without an app setting: <see cref="TrainingOptions.TrainingJobPath"/>
/// when given; else next to the running app (a publish folder, or the test output, which references the job);
/// else in the repository's training-job/bin/{configuration}/{framework}/ (dev: both projects built from one clone),
/// preferring the app's own configuration and then the newest build.
/// </summary>
public static class TrainingJobLocator
{
    public const string AssemblyFileName = "training-job.dll";

    /// <summary>The path of training-job.dll; throws with the places it looked when there is none.</summary>
    public static string Locate(string? configuredPath, string baseDirectory)
    {
        ArgumentException.ThrowIfNullOrEmpty(baseDirectory);
        if (!string.IsNullOrEmpty(configuredPath))
        {
            return File.Exists(configuredPath)
                ? Path.GetFullPath(configuredPath)
                : throw new FileNotFoundException($"The training job '{configuredPath}' does not exist.", configuredPath);
        }

        string beside = Path.Combine(baseDirectory, AssemblyFileName);
        if (File.Exists(beside))
        {
            return beside;
        }

        string? repoRoot = FindRepoRoot(baseDirectory);
        if (repoRoot is not null)
        {
            string? built = NewestBuild(Path.Combine(repoRoot, "training-job", "bin"), baseDirectory);
            if (built is not null)
            {
                return built;
            }
        }

        throw new FileNotFoundException(
            $"Cannot find {AssemblyFileName}: not next to the app ({baseDirectory}) nor under training-job/bin of the repository" +
            $"{(repoRoot is null ? string.Empty : " " + repoRoot)}. Build it with 'dotnet build training-job', or use TrainingLauncher=containerapps.",
            AssemblyFileName);
    }

    private static string? FindRepoRoot(string start)
    {
        for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Serverless.sln")))
            {
                return dir.FullName;
            }
        }

        return null;
    }

    private static string? NewestBuild(string binDirectory, string baseDirectory)
    {
        if (!Directory.Exists(binDirectory))
        {
            return null;
        }

        // bin/Debug/net10.0/Recommender.Functions.dll -> prefer training-job/bin/Debug/net10.0 when the app itself is a Debug build.
        string framework = Path.GetFileName(Path.TrimEndingDirectorySeparator(baseDirectory));
        string configuration = Path.GetFileName(Path.GetDirectoryName(Path.TrimEndingDirectorySeparator(baseDirectory)) ?? string.Empty);
        string preferred = Path.Combine(binDirectory, configuration, framework, AssemblyFileName);
        if (configuration.Length > 0 && File.Exists(preferred))
        {
            return preferred;
        }

        string? newest = null;
        DateTime newestTime = DateTime.MinValue;
        foreach (string candidate in Directory.EnumerateFiles(binDirectory, AssemblyFileName, SearchOption.AllDirectories))
        {
            DateTime written = File.GetLastWriteTimeUtc(candidate);
            if (written > newestTime)
            {
                newest = candidate;
                newestTime = written;
            }
        }

        return newest;
    }
}
