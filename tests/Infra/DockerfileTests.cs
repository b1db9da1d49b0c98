using System.Xml.Linq;
using Recommender.Tests.TestSupport;

namespace Recommender.Tests.Infra;

/// <summary>Structural checks of the training images (Docker cannot build here).</summary>
public class DockerfileTests
{
    public static TheoryData<string> Dockerfiles => new() { "Dockerfile", "Dockerfile.gpu" };

    private static DockerIgnore Ignore => new(File.ReadAllLines(Path.Combine(RepoPaths.Root, ".dockerignore")));

    [Theory]
    [MemberData(nameof(Dockerfiles))]
    public void Dockerfile_BuildsWithTheSdkAndPublishesTheTrainingJob(string name)
    {
        DockerfileText file = DockerfileText.Load(InfraFiles.TrainingJob(name));
        var stages = file.Stages();

        Assert.Equal(("mcr.microsoft.com/dotnet/sdk:10.0", "build"), stages[0]);
        Assert.Contains(file.Instructions, i => i.Keyword == "RUN" && i.Arguments.Contains("dotnet publish training-job/Recommender.TrainingJob.csproj", StringComparison.Ordinal));
        Assert.Contains(file.FinalStage(), i => i.Keyword == "COPY" && i.Arguments.StartsWith("--from=build /app", StringComparison.Ordinal));
    }

    [Theory]
    [MemberData(nameof(Dockerfiles))]
    public void Dockerfile_FinalImageRunsAsNonRootThroughTheEntrypointScript(string name)
    {
        var final = DockerfileText.Load(InfraFiles.TrainingJob(name)).FinalStage();
        string user = final.Last(i => i.Keyword == "USER").Arguments;

        Assert.DoesNotContain(user, new[] { "root", "0", "0:0" });
        Assert.Equal("[\"/usr/local/bin/docker-entrypoint.sh\"]", final.Single(i => i.Keyword == "ENTRYPOINT").Arguments);
        Assert.Contains(final, i => i.Keyword == "COPY" && i.Arguments.StartsWith("training-job/docker-entrypoint.sh ", StringComparison.Ordinal));
        // USER comes after every RUN, so nothing in the shipped layers runs as root at start-up.
        Assert.True(final.ToList().FindLastIndex(i => i.Keyword == "RUN") < final.ToList().FindLastIndex(i => i.Keyword == "USER"));
    }

    [Theory]
    [MemberData(nameof(Dockerfiles))]
    public void Dockerfile_DeclaresNoSecretArgumentsOrVariables(string name)
    {
        DockerfileText file = DockerfileText.Load(InfraFiles.TrainingJob(name));

        foreach ((string keyword, string arguments) in file.Instructions.Where(i => i.Keyword is "ARG" or "ENV"))
        {
            Assert.DoesNotMatch("(?i)(secret|password|token|accountkey|connectionstring)", arguments);
        }
    }

    [Theory]
    [MemberData(nameof(Dockerfiles))]
    public void Dockerfile_CopiesOnlyExistingNotIgnoredPathsIncludingEveryReferencedProject(string name)
    {
        DockerfileText file = DockerfileText.Load(InfraFiles.TrainingJob(name));
        IReadOnlyList<string> sources = file.ContextSources();

        foreach (string source in sources)
        {
            string path = Path.Combine(RepoPaths.Root, source.TrimEnd('/'));
            Assert.True(File.Exists(path) || Directory.Exists(path), $"{name}: COPY source {source} does not exist.");
            Assert.False(Ignore.Excludes(source), $"{name}: COPY source {source} is excluded by .dockerignore.");
        }

        foreach (string project in ProjectClosure("training-job/Recommender.TrainingJob.csproj"))
        {
            string folder = project[..(project.LastIndexOf('/') + 1)];
            Assert.True(sources.Contains(project) && sources.Contains(folder), $"{name}: {project} and its folder {folder} must be copied for restore and build.");
        }
    }

    [Fact]
    public void Dockerfile_RuntimeStageIsTheSlimDotnetRuntime()
    {
        Assert.Equal("mcr.microsoft.com/dotnet/runtime:10.0", DockerfileText.Load(InfraFiles.TrainingJob("Dockerfile")).Stages()[^1].Image);
    }

    [Fact]
    public void DockerfileGpu_RunsOnTheCudaRuntimeWithDotnetAndNoOpenClIcd()
    {
        DockerfileText file = DockerfileText.Load(InfraFiles.TrainingJob("Dockerfile.gpu"));
        var final = file.FinalStage();
        string all = string.Join('\n', final.Select(i => i.Keyword + " " + i.Arguments));

        Assert.Matches(@"^nvidia/cuda:[\d.]+-runtime-ubuntu\d+\.\d+$", file.Stages()[^1].Image);
        Assert.DoesNotContain("ocl-icd", all, StringComparison.Ordinal);
        Assert.DoesNotContain("OpenCL/vendors", all, StringComparison.Ordinal);
        Assert.Contains("NVIDIA_DRIVER_CAPABILITIES=compute,utility", all, StringComparison.Ordinal);
        Assert.Contains("COPY --from=dotnet /usr/share/dotnet /usr/share/dotnet", all, StringComparison.Ordinal);
        Assert.Equal("mcr.microsoft.com/dotnet/runtime:10.0", file.Stages().Single(s => s.Stage == "dotnet").Image);
    }

    [Fact]
    public void DockerIgnore_KeepsSourcesAndDropsBuildOutputAndHistory()
    {
        DockerIgnore ignore = Ignore;

        Assert.True(ignore.Excludes("core/bin/Release/x.dll"));
        Assert.True(ignore.Excludes("training-job/obj/project.assets.json"));
        Assert.True(ignore.Excludes(".git/HEAD"));
        Assert.True(ignore.Excludes("tests/Infra/DockerfileTests.cs"));
        Assert.False(ignore.Excludes("core/Als/CsrMatrix.cs"));
        Assert.False(ignore.Excludes("training-job/Program.cs"));
        Assert.False(ignore.Excludes("Directory.Build.props"));
    }

    // training-job's csproj and every project it references, transitively, as repository-relative paths.
    private static List<string> ProjectClosure(string start)
    {
        var seen = new List<string>();
        var pending = new Stack<string>([start]);
        while (pending.Count > 0)
        {
            string project = pending.Pop();
            if (seen.Contains(project))
            {
                continue;
            }

            seen.Add(project);
            string folder = Path.GetDirectoryName(Path.Combine(RepoPaths.Root, project))!;
            foreach (XElement reference in XDocument.Load(Path.Combine(RepoPaths.Root, project)).Descendants("ProjectReference"))
            {
                string full = Path.GetFullPath(Path.Combine(folder, reference.Attribute("Include")!.Value));
                pending.Push(Path.GetRelativePath(RepoPaths.Root, full).Replace('\\', '/'));
            }
        }

        return seen;
    }
}
