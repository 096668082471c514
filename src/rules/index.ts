/** The single registry of rules, in the order they run and are listed. */
import type { Rule } from '../types.js';
import xmlWellFormed from './xml-well-formed.js';
import inputLimits from './input-limits.js';
import noDoctype from './no-doctype.js';
import noProcessingInstruction from './no-processing-instruction.js';
import maxFileSize from './max-file-size.js';
import rootElement from './root-element.js';
import rootVersion from './root-version.js';
import rootBaseProfile from './root-base-profile.js';
import requireTitle from './require-title.js';
import titleFirst from './title-first.js';
import noExtraTitle from './no-extra-title.js';
import elementAllowedList from './element-allowed-list.js';
import elementPlacement from './element-placement.js';
import noTextContent from './no-text-content.js';
import attributeAllowedList from './attribute-allowed-list.js';
import attributeValue from './attribute-value.js';
import noIdAndXmlId from './no-id-and-xml-id.js';
import noScript from './no-script.js';
import noAnimation from './no-animation.js';
import noImage from './no-image.js';
import noLink from './no-link.js';
import noSwitch from './no-switch.js';
import noMultimedia from './no-multimedia.js';
import noEmptyTitle from './no-empty-title.js';
import noEmptyDesc from './no-empty-desc.js';
import noExternalReference from './no-external-reference.js';
import noPathArc from './no-path-arc.js';
import pathDataSyntax from './path-data-syntax.js';
import colorSyntax from './color-syntax.js';
import noLengthUnits from './no-length-units.js';
import numberSyntax from './number-syntax.js';
import transformSyntax from './transform-syntax.js';
import viewboxSyntax from './viewbox-syntax.js';
import noDuplicateId from './no-duplicate-id.js';
import requireTwoColors from './require-two-colors.js';
import titleLength from './title-length.js';
import constrainedAttributes from './constrained-attributes.js';
import noBrokenReference from './no-broken-reference.js';
import requireViewbox from './require-viewbox.js';
import squareViewbox from './square-viewbox.js';
import rootSize from './root-size.js';
import requireBackground from './require-background.js';
import noPlaceholderTitle from './no-placeholder-title.js';
import requireDesc from './require-desc.js';
import noText from './no-text.js';

export const RULES: readonly Rule[] = [
  xmlWellFormed,
  inputLimits,
  noDoctype,
  noProcessingInstruction,
  maxFileSize,
  rootElement,
  rootVersion,
  rootBaseProfile,
  requireTitle,
  titleFirst,
  noExtraTitle,
  elementAllowedList,
  elementPlacement,
  noTextContent,
  attributeAllowedList,
  attributeValue,
  noIdAndXmlId,
  noScript,
  noAnimation,
  noImage,
  noLink,
  noSwitch,
  noMultimedia,
  noEmptyTitle,
  noEmptyDesc,
  noExternalReference,
  noPathArc,
  pathDataSyntax,
  colorSyntax,
  noLengthUnits,
  numberSyntax,
  transformSyntax,
  viewboxSyntax,
  noDuplicateId,
  requireTwoColors,
  titleLength,
  constrainedAttributes,
  noBrokenReference,
  requireViewbox,
  squareViewbox,
  rootSize,
  requireBackground,
  noPlaceholderTitle,
  requireDesc,
  noText,
];

export const RULES_BY_ID: ReadonlyMap<string, Rule> = new Map(RULES.map((rule) => [rule.id, rule]));
