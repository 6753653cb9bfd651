// Reading an object the library did not build.
import { ApiObject } from 'cdk8s';

/**
 * The rendered JSON of `obj`, an object the USER built (a Knative Service passed to
 * `KnativeService.addMeshAnnotations()`, a Gateway of the chart the serverless integration checks
 * for a port 443 wildcard): its content is known nowhere else, so it has to be rendered to be read.
 *
 * This is the one place the library reads an object it did not build. It is never used for the
 * library's own objects, which are checked from the data they are built from.
 */
export function renderUserObject(obj: ApiObject): any {
  return obj.toJson();
}
