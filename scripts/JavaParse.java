// Parses Java source files with the installed JDK's compiler (syntax only: the jsii runtime and the
// cdk8s jars the generated package depends on come from Maven, which is not reachable offline).
// Usage: java scripts/JavaParse.java <file.java>...   Exit status 1 when a file does not parse.
import com.sun.source.util.JavacTask;
import java.util.List;
import java.util.Arrays;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;

public class JavaParse {
  public static void main(String[] args) throws Exception {
    JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
    DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
    try (StandardJavaFileManager files = compiler.getStandardFileManager(diagnostics, null, null)) {
      Iterable<? extends JavaFileObject> sources = files.getJavaFileObjectsFromStrings(Arrays.asList(args));
      JavacTask task = (JavacTask) compiler.getTask(null, files, diagnostics, List.of("-proc:none"), null, sources);
      int units = 0;
      for (var unit : task.parse()) units++;
      diagnostics.getDiagnostics().forEach(d -> System.err.println(d));
      boolean failed = diagnostics.getDiagnostics().stream().anyMatch(d -> d.getKind() == javax.tools.Diagnostic.Kind.ERROR);
      System.out.println("parsed " + units + " Java files" + (failed ? " with errors" : ""));
      System.exit(failed ? 1 : 0);
    }
  }
}
