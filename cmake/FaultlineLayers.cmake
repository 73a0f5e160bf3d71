# faultline_layer(NAME [DIR dir] [UNITY] [USES layer...] [LINKS lib...] [EXCLUDE file...]): one layer
# of the source tree (src/NAME unless DIR says otherwise) as the target faultline_NAME
# (exported as faultline::NAME). Its include directory is a view in the build tree holding
# links to the layer itself and to the layers it USES, and nothing else, so an #include that
# reaches past the layering ("engine/..." from src/core) fails to compile. Installed, every
# layer's headers sit under include/faultline/.
# UNITY compiles the layer's sources of each directory as one unity source (most of their
# compile time is parsing the same headers), except the files that instantiate an engine
# (*_info.cpp), which stay separate so that they compile in parallel.
function(faultline_layer name)
  cmake_parse_arguments(L "UNITY" "DIR" "USES;LINKS;EXCLUDE" ${ARGN})
  if(NOT L_DIR)
    set(L_DIR ${PROJECT_SOURCE_DIR}/src/${name})
  endif()
  set(view ${PROJECT_BINARY_DIR}/layers/${name})
  file(REMOVE_RECURSE ${view})
  file(MAKE_DIRECTORY ${view})
  file(CREATE_LINK ${L_DIR} ${view}/${name} SYMBOLIC)
  set(uses)
  foreach(dep ${L_USES})
    get_target_property(dep_dir faultline_${dep} FAULTLINE_DIR)
    file(CREATE_LINK ${dep_dir} ${view}/${dep} SYMBOLIC)
    list(APPEND uses faultline_${dep})
  endforeach()
  file(GLOB_RECURSE sources CONFIGURE_DEPENDS ${L_DIR}/*.cpp)
  foreach(excluded ${L_EXCLUDE})
    list(FILTER sources EXCLUDE REGEX "/${excluded}$")
  endforeach()
  if(sources)
    add_library(faultline_${name} STATIC ${sources})
    set(scope PUBLIC)
    if(L_UNITY AND FAULTLINE_UNITY)
      foreach(source ${sources})
        if(NOT source MATCHES "_info\\.cpp$")
          get_filename_component(group ${source} DIRECTORY)
          set_source_files_properties(${source} PROPERTIES UNITY_GROUP ${group})
        endif()
      endforeach()
      set_target_properties(faultline_${name} PROPERTIES UNITY_BUILD ON UNITY_BUILD_MODE GROUP)
    endif()
  else()
    add_library(faultline_${name} INTERFACE)
    set(scope INTERFACE)
  endif()
  target_include_directories(faultline_${name} ${scope} $<BUILD_INTERFACE:${view}>
    $<INSTALL_INTERFACE:include/faultline> $<INSTALL_INTERFACE:include>)
  target_link_libraries(faultline_${name} ${scope} ${uses} ${L_LINKS})
  set_target_properties(faultline_${name} PROPERTIES EXPORT_NAME ${name} FAULTLINE_DIR ${L_DIR})
  add_library(faultline::${name} ALIAS faultline_${name})
  set_property(GLOBAL APPEND PROPERTY FAULTLINE_LAYERS faultline_${name})
endfunction()
