// The engine types a command can declare as a parameter type: objects, with
// the names `help`, type errors and the objects themselves give them
// (`Param<LatticeObject>("lat", ...)`), and the engines' named choices
// (`Param("form", default: ModelForm.paper, ...)`).
import Closure
import Inference
import Language
import Regression

extension LatticeObject: ObjectArgument { public static var typeName: String { "lattice" } }
extension ClusterSpaceObject: ObjectArgument { public static var typeName: String { "clusters" } }
extension StructureSetObject: ObjectArgument { public static var typeName: String { "structures" } }
extension ChargesObject: ObjectArgument { public static var typeName: String { "charges" } }
extension ConfigurationObject: ObjectArgument { public static var typeName: String { "configuration" } }
extension FeaturesObject: ObjectArgument { public static var typeName: String { "features" } }
extension ModelObject: ObjectArgument { public static var typeName: String { "model" } }
extension AnnealRunObject: ObjectArgument { public static var typeName: String { "run" } }
extension ChainObject: ObjectArgument { public static var typeName: String { "chain" } }
extension FitObject: ObjectArgument { static var typeName: String { "fit" } }
extension FitDataObject: ObjectArgument { static var typeName: String { "dataset" } }
extension ClosureModelObject: ObjectArgument { static var typeName: String { "closure" } }

extension ClosureKind: ChoiceArgument {}
extension TripletConvention: ChoiceArgument {}
extension ModelForm: ChoiceArgument {}
extension InterceptMode: ChoiceArgument {}
extension SamplingMethod: ChoiceArgument {}
